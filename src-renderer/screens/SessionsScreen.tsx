import { CandidateList } from '../components/CandidateList';
import { InlineError } from '../components/InlineError';
import { MemberPanel } from '../components/MemberPanel';
import { PaymentPanel } from '../components/PaymentPanel';
import { PlateSearch } from '../components/PlateSearch';
import { SessionDetails } from '../components/SessionDetails';
import { useT } from '../stores/i18n-store';
import { usePaymentStore } from '../stores/payment-store';
import { useSessionsStore } from '../stores/sessions-store';

export function SessionsScreen() {
  const t = useT();
  const selected = useSessionsStore((s) => s.selected);
  const selectError = useSessionsStore((s) => s.selectError);
  const refreshSelected = useSessionsStore((s) => s.refreshSelected);
  const paymentFor = usePaymentStore((s) => s.sessionId);
  return (
    <section className="screen sessions" aria-labelledby="sessions-title">
      <h1 id="sessions-title" className="sr-only">
        {t('sessions.title')}
      </h1>
      <div className="sessions-search">
        <PlateSearch />
        <CandidateList />
      </div>
      <div className="sessions-detail">
        <InlineError message={selectError} />
        {selected ? (
          <>
            <SessionDetails session={selected} onRefresh={() => void refreshSelected()} />
            {paymentFor === selected.id && <PaymentPanel key={selected.id} session={selected} />}
            <MemberPanel plate={selected.plate} />
          </>
        ) : (
          <p className="muted empty-detail">{t('sessions.pickOne')}</p>
        )}
      </div>
    </section>
  );
}
