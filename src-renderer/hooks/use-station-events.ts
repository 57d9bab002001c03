import { useEffect } from 'react';
import { station } from '../station';
import { subscribeAlertEvents, useAlertsStore } from '../stores/alerts-store';
import { subscribeLaneEvents, useLanesStore } from '../stores/lanes-store';
import { subscribeReceiptEvents, useReceiptsStore } from '../stores/receipts-store';
import { subscribeSessionEvents } from '../stores/sessions-store';
import { subscribeStatusEvents } from '../stores/status-store';
import { resetOperatorData } from '../workflows';

/**
 * Wires pushed events into the stores. Device and zone status flow always; lanes, alerts and
 * sessions only while someone is signed in. Each subscription is undone on cleanup.
 */
export function useStationEvents(signedIn: boolean): void {
  useEffect(() => subscribeStatusEvents(station()), []);

  useEffect(() => {
    if (!signedIn) {
      resetOperatorData();
      return;
    }
    const api = station();
    const offs = [
      subscribeLaneEvents(api),
      subscribeAlertEvents(api),
      subscribeSessionEvents(api),
      subscribeReceiptEvents(api),
    ];
    // Subscribe first, then load, so nothing pushed in between is missed.
    void useLanesStore.getState().load();
    void useAlertsStore.getState().load();
    void useReceiptsStore.getState().load();
    return () => offs.forEach((off) => off());
  }, [signedIn]);
}
