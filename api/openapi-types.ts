// Generated from api/openapi.yaml by `npm run api:types`. Do not edit.
export interface paths {
  '/v1/auth/token': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Exchange device credentials or a refresh token for tokens
     * @description `device_credentials` takes the station's id and device secret (kept in the station's
     *     secret store). `refresh_token` takes the last refresh token; refresh tokens rotate: each
     *     is good for one use, and the answer carries the next one. If that answer is lost, the
     *     used token is spent (`invalid-grant`): the client then exchanges its device credentials
     *     again. Access tokens live `expiresInMs`; a request with an expired one gets 401
     *     `token-expired`.
     */
    post: operations['issueToken'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/station': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Who this token belongs to, and what the server holds from it */
    get: operations['getStation'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/events': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Push a batch of journal events
     * @description Events in the station's commit order (`seq`), at most 1000 per batch. Each event is
     *     judged on its own and gets one result, in the request's order:
     *     - `accepted`: stored now, with the server's `serverSeq`;
     *     - `duplicate`: its `id` was accepted before with the same content; the result carries
     *       the original `serverSeq` and `receivedAt` (a replay gets the original outcome);
     *     - `rejected`: not stored, with a readable `error`. Nothing is ever dropped silently.
     *
     *     **Per-aggregate order.** Events of one aggregate (`aggregateType` + `aggregateId`) must
     *     arrive with `aggregateSeq` 1, 2, 3, … without gaps. The server **rejects** (never holds)
     *     an event whose `aggregateSeq` is not the next one (`out-of-order`, with
     *     `expectedAggregateSeq`); later events of that aggregate in the same batch are rejected
     *     the same way. The client holds that aggregate's events back and sends the missing one
     *     first; other aggregates keep flowing. An event that takes an `aggregateSeq` already held
     *     by another id is `sequence-conflict`; an `id` reused with different content is
     *     `id-conflict`; an event whose `stationId` is not the token's is `station-mismatch`; an
     *     item that does not match `JournalEvent` is `invalid-event` (only that item). After a
     *     `sequence-conflict` or an `id-conflict` too, the later new events of that aggregate in
     *     the same batch are rejected as `out-of-order`, so nothing lands on top of a refusal.
     *
     *     A malformed envelope (not an object, no `events` array, too many items) is a 400 for the
     *     whole batch, and nothing is stored.
     */
    post: operations['pushEvents'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/changes': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Pull reference data and decisions after a cursor
     * @description One feed per station of every change addressed to it, oldest first: tariffs, price
     *     lists, registered vehicles and members, loyalty balances, bookings, e-token public keys,
     *     permits, the white- and blacklist, payments made in the operator's app, and delivery
     *     receipts of outbound messages. Start without a cursor; pass `nextCursor` back until
     *     `hasMore` is false. Apply a page and store its `nextCursor` in one transaction.
     *
     *     Cursors are opaque strings. Each change also has a `seq`, increasing within the feed:
     *     a page may repeat changes already delivered (at-least-once), so a client ignores a
     *     change whose `seq` is not above the last one it applied. A `put` replaces the whole
     *     record under (`kind`, `key`); a `delete` removes it.
     */
    get: operations['pullChanges'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/messages': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Ask the operator to send an SMS
     * @description The console never sends SMS itself. It names the plate (and the session or booking);
     *     the operator finds the registered owner and sends the text if they agreed to SMS.
     *     The message's `id` is its idempotency key: a replay with the same content gets the
     *     original answer (status 202, header `Idempotent-Replayed: true`); the same `id` with
     *     different content is 409 `idempotency-conflict`. Delivery receipts come back through
     *     `GET /v1/changes` (kind `messageStatus`) and `GET /v1/messages/{messageId}`. A plate
     *     with no reachable owner is accepted and then `failed`, with the reason in `detail`.
     */
    post: operations['requestMessage'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/messages/{messageId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The delivery status of one message request */
    get: operations['getMessage'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/qr-payments': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Ask the operator for a QR payment the customer pays from their phone
     * @description The station names the payment by its own `reference` (its idempotency key) and the
     *     amount; the operator answers with the link the station shows as a QR code. The customer
     *     opens it in the operator's app and pays. The station then reads the payment's status
     *     (`GET /v1/qr-payments/{reference}`) until it is `paid`, `expired` or `cancelled`. A
     *     replay with the same content gets the same payment (header `Idempotent-Replayed`); the
     *     same reference with different content is 409 `idempotency-conflict`. A payment not paid
     *     by `expiresAt` can no longer be paid: its status becomes `expired`.
     */
    post: operations['createQrPayment'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/qr-payments/{reference}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The status of one QR payment */
    get: operations['getQrPayment'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/qr-payments/{reference}/cancel': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Withdraw a QR payment not paid yet
     * @description A pending payment becomes `cancelled` and can no longer be paid. The answer is the
     *     payment as it stands after the request: a payment the customer paid first stays `paid`
     *     (the station then books it), and an expired or cancelled one stays as it is. Repeating
     *     the request is harmless.
     */
    post: operations['cancelQrPayment'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/coupons/{code}/redeem': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Redeem a single-use coupon at this station
     * @description The coupon is taken by one conditional update, so of any number of stations asking for
     *     the same code at once exactly one gets 200; every other gets 409 `coupon-refused` with
     *     `reason: used`. The station names its attempt with `redemptionId` (its idempotency key):
     *     a replay of the winning attempt gets the same 200 (header `Idempotent-Replayed`), so an
     *     answer lost on the way can be asked for again. A code past `expiresAt` is 409 with
     *     `reason: expired`, a coupon issued for other stations is 409 with
     *     `reason: wrong-station`, and an unknown code is 404 with `reason: unknown`. The
     *     operator counts every refused attempt.
     */
    post: operations['redeemCoupon'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    /** @description An instant in epoch milliseconds (UTC). */
    EpochMs: number;
    DurationMs: number;
    /** @description An amount in integer minor units of its `currency` (cents, bani). */
    MinorUnits: number;
    /** @description ISO 4217 code. */
    Currency: string;
    /** @description A normalised plate. */
    Plate: string;
    Id: string;
    Uuid: string;
    NullableId: components['schemas']['Id'] | null;
    NullableEpochMs: components['schemas']['EpochMs'] | null;
    /** @description RFC 9457 problem details, with a stable `code` to branch on. */
    Problem: {
      /** @description A URI naming the problem kind. */
      type: string;
      title: string;
      status: number;
      /** @enum {string} */
      code:
        | 'malformed-json'
        | 'invalid-request'
        | 'unsupported-media-type'
        | 'payload-too-large'
        | 'unauthorized'
        | 'token-expired'
        | 'invalid-credentials'
        | 'invalid-grant'
        | 'invalid-cursor'
        | 'not-found'
        | 'method-not-allowed'
        | 'idempotency-conflict'
        | 'coupon-refused'
        | 'rate-limited'
        | 'internal';
      /** @description Readable by a manager. */
      detail: string;
      instance?: string;
      errors?: components['schemas']['FieldError'][];
      retryAfterMs?: components['schemas']['DurationMs'];
      /**
       * @description Why a coupon was refused (`coupon-refused`, and `not-found` for a coupon).
       * @enum {string}
       */
      reason?: 'used' | 'expired' | 'unknown' | 'wrong-station';
    };
    FieldError: {
      /** @description JSON Pointer into the request ("" for the whole). */
      path: string;
      message: string;
    };
    TokenRequest:
      components['schemas']['DeviceCredentialsGrant'] | components['schemas']['RefreshTokenGrant'];
    DeviceCredentialsGrant: {
      /** @constant */
      grantType: 'device_credentials';
      stationId: components['schemas']['Id'];
      deviceSecret: string;
    };
    RefreshTokenGrant: {
      /** @constant */
      grantType: 'refresh_token';
      refreshToken: string;
    };
    TokenResponse: {
      /** @constant */
      tokenType: 'Bearer';
      accessToken: string;
      expiresInMs: components['schemas']['DurationMs'];
      refreshToken: string;
      refreshExpiresInMs: components['schemas']['DurationMs'];
      stationId: components['schemas']['Id'];
      serverTime: components['schemas']['EpochMs'];
    };
    StationInfo: {
      stationId: components['schemas']['Id'];
      name: string;
      serverTime: components['schemas']['EpochMs'];
      /** @description Events accepted from it. */
      eventsHeld: number;
      /** @description The highest journal `seq` accepted from it, or null. */
      highestSeq: number | null;
    };
    /**
     * @description One event of the station's journal, as `journal.since()` reads it. `payload` is the
     *     event type's payload at `version`; the server stores it as given and does not judge
     *     it, so the station can add event types without a server release.
     */
    JournalEvent: {
      /** @description The station journal commit order. */
      seq: number;
      /** @description The event's UUIDv7, its idempotency key. */
      id: components['schemas']['Uuid'];
      stationId: components['schemas']['Id'];
      aggregateType: string;
      aggregateId: components['schemas']['Id'];
      aggregateSeq: number;
      type: string;
      version: number;
      /** @description The type's payload at `version`. */
      payload: {
        [key: string]: unknown;
      };
      actor: string;
      at: components['schemas']['EpochMs'];
    };
    PushRequest: {
      events: components['schemas']['JournalEvent'][];
    };
    PushResponse: {
      results: components['schemas']['EventResult'][];
      receivedAt: components['schemas']['EpochMs'];
    };
    EventResult: components['schemas']['EventStored'] | components['schemas']['EventRejected'];
    EventStored: {
      id: components['schemas']['Uuid'];
      /** @enum {string} */
      status: 'accepted' | 'duplicate';
      /** @description The server's order of receipt for this station (the original one for a duplicate). */
      serverSeq: number;
      receivedAt: components['schemas']['EpochMs'];
    };
    EventRejected: {
      /** @description The item's `id`, or null when it had no usable one. */
      id: string | null;
      /** @constant */
      status: 'rejected';
      error: components['schemas']['EventError'];
    };
    EventError: {
      /** @enum {string} */
      code:
        'invalid-event' | 'station-mismatch' | 'out-of-order' | 'sequence-conflict' | 'id-conflict';
      /** @description Readable by a manager. */
      message: string;
      /** @description For `out-of-order` and `sequence-conflict`, the next one the server takes. */
      expectedAggregateSeq?: number;
      errors?: components['schemas']['FieldError'][];
    };
    ChangesPage: {
      changes: components['schemas']['Change'][];
      nextCursor: string;
      hasMore: boolean;
      serverTime: components['schemas']['EpochMs'];
    };
    /** @enum {string} */
    ChangeKind:
      | 'tariff'
      | 'priceList'
      | 'vehicle'
      | 'member'
      | 'loyaltyBalance'
      | 'booking'
      | 'etokenKey'
      | 'permit'
      | 'plateListEntry'
      | 'appPayment'
      | 'messageStatus';
    Change:
      | components['schemas']['TariffPut']
      | components['schemas']['PriceListPut']
      | components['schemas']['VehiclePut']
      | components['schemas']['MemberPut']
      | components['schemas']['LoyaltyBalancePut']
      | components['schemas']['BookingPut']
      | components['schemas']['EtokenKeyPut']
      | components['schemas']['PermitPut']
      | components['schemas']['PlateListEntryPut']
      | components['schemas']['AppPaymentPut']
      | components['schemas']['MessageStatusPut']
      | components['schemas']['ChangeDelete'];
    /** @description What every change has. */
    ChangeHead: {
      seq: number;
      kind: components['schemas']['ChangeKind'];
      /** @description The record's key within its kind (an id, a plate, or `list:plate`). */
      key: string;
      /** @enum {string} */
      op: 'put' | 'delete';
      changedAt: components['schemas']['EpochMs'];
    };
    ChangeDelete: components['schemas']['ChangeHead'] & {
      /** @constant */
      op: 'delete';
    };
    TariffPut: components['schemas']['ChangeHead'] & {
      /** @constant */
      kind: 'tariff';
      /** @constant */
      op: 'put';
      data: components['schemas']['Tariff'];
    };
    PriceListPut: components['schemas']['ChangeHead'] & {
      /** @constant */
      kind: 'priceList';
      /** @constant */
      op: 'put';
      data: components['schemas']['PriceList'];
    };
    VehiclePut: components['schemas']['ChangeHead'] & {
      /** @constant */
      kind: 'vehicle';
      /** @constant */
      op: 'put';
      data: components['schemas']['Vehicle'];
    };
    MemberPut: components['schemas']['ChangeHead'] & {
      /** @constant */
      kind: 'member';
      /** @constant */
      op: 'put';
      data: components['schemas']['Member'];
    };
    LoyaltyBalancePut: components['schemas']['ChangeHead'] & {
      /** @constant */
      kind: 'loyaltyBalance';
      /** @constant */
      op: 'put';
      data: components['schemas']['LoyaltyBalance'];
    };
    BookingPut: components['schemas']['ChangeHead'] & {
      /** @constant */
      kind: 'booking';
      /** @constant */
      op: 'put';
      data: components['schemas']['Booking'];
    };
    EtokenKeyPut: components['schemas']['ChangeHead'] & {
      /** @constant */
      kind: 'etokenKey';
      /** @constant */
      op: 'put';
      data: components['schemas']['EtokenKey'];
    };
    PermitPut: components['schemas']['ChangeHead'] & {
      /** @constant */
      kind: 'permit';
      /** @constant */
      op: 'put';
      data: components['schemas']['Permit'];
    };
    PlateListEntryPut: components['schemas']['ChangeHead'] & {
      /** @constant */
      kind: 'plateListEntry';
      /** @constant */
      op: 'put';
      data: components['schemas']['PlateListEntry'];
    };
    AppPaymentPut: components['schemas']['ChangeHead'] & {
      /** @constant */
      kind: 'appPayment';
      /** @constant */
      op: 'put';
      data: components['schemas']['AppPayment'];
    };
    MessageStatusPut: components['schemas']['ChangeHead'] & {
      /** @constant */
      kind: 'messageStatus';
      /** @constant */
      op: 'put';
      data: components['schemas']['MessageStatus'];
    };
    /** @description A parking tariff, in the station's tariff engine's own shape. Key is `id`. */
    Tariff: {
      id: components['schemas']['Id'];
      name: string;
      currency: components['schemas']['Currency'];
      /** @description IANA zone, e.g. Europe/Bucharest. */
      timeZone: string;
      freeMinutes: number;
      steps: {
        fromMinute: number;
        incrementMinutes: number;
        pricePerIncrementMinor: components['schemas']['MinorUnits'];
      }[];
      dailyCap: null | {
        amountMinor: components['schemas']['MinorUnits'];
        /** @enum {string} */
        mode: 'calendar' | 'rolling24h';
      };
      night: null | {
        start: string;
        end: string;
        incrementMinutes: number;
        pricePerIncrementMinor: components['schemas']['MinorUnits'];
        maxPerNightMinor: components['schemas']['MinorUnits'] | null;
      };
      lostTicketFeeMinor: components['schemas']['MinorUnits'];
      exitGraceMinutes: number;
      reentryMinutes: number;
    };
    /** @description Prices of what the station sells (fuel by the litre, car wash, …). Key is `id`. */
    PriceList: {
      id: components['schemas']['Id'];
      name: string;
      currency: components['schemas']['Currency'];
      effectiveFrom: components['schemas']['EpochMs'];
      items: {
        sku: components['schemas']['Id'];
        name: string;
        /** @enum {string} */
        unit: 'litre' | 'kWh' | 'item' | 'hour';
        unitPriceMinor: components['schemas']['MinorUnits'];
      }[];
    };
    /** @description A vehicle registered with the operator. Key is `plate`. */
    Vehicle: {
      plate: components['schemas']['Plate'];
      memberId: components['schemas']['NullableId'];
      /** @description Make and colour, as the owner typed it. */
      label: string | null;
    };
    /**
     * @description A registered customer. Key is `id`. The phone stays with the operator: a station gets
     *     only its digest, to find the member when the cashier types the number.
     */
    Member: {
      id: components['schemas']['Id'];
      name: string;
      /** @enum {string} */
      tier: 'standard' | 'silver' | 'gold';
      smsOptIn: boolean;
      /**
       * @description SHA-256 (lowercase hex) of the member's phone in E.164 ("+40722123456"); the station
       *     hashes the number the cashier types, normalised the same way, and looks it up.
       */
      phoneSha256?: string | null;
      /** @description The member's card and app QR codes, as a scanner reads them. */
      codes?: string[];
    };
    /**
     * @description A member's points as the operator's ledger holds them at `asOf`. Key is `memberId`.
     *     Stations redeem only online, against the operator, never from this copy.
     */
    LoyaltyBalance: {
      memberId: components['schemas']['Id'];
      points: number;
      asOf: components['schemas']['EpochMs'];
    };
    /**
     * @description A booking made in the operator's app, for a pump slot or a parking bay. Key is `id`.
     *     The station checks it in by its e-token, by the cashier's pick, or when the plate is read
     *     at a lane within the check-in window; what happens to it comes back in the journal.
     */
    Booking: {
      id: components['schemas']['Id'];
      plate: components['schemas']['Plate'];
      zoneId: components['schemas']['NullableId'];
      resource: components['schemas']['BookingResource'];
      startsAt: components['schemas']['EpochMs'];
      endsAt: components['schemas']['EpochMs'];
      /** @enum {string} */
      status: 'confirmed' | 'cancelled';
      prepaidMinor: components['schemas']['MinorUnits'];
      currency: components['schemas']['Currency'];
      /** @description The e-token the customer shows at the gate, signed with an `etokenKey`. */
      etokenId: components['schemas']['NullableId'];
      /**
       * @description How the booth may recognise the customer (a name they gave); null when the operator
       *     keeps it. Never needed to send messages: the operator does that.
       */
      contact: string | null;
      /**
       * @description The customer told the app they are running late: the station keeps check-in open
       *     until then (it only ever extends the station's late grace).
       */
      lateUntil: components['schemas']['NullableEpochMs'];
    };
    /** @description What a booking is for, as the station's booking set-up names it. */
    BookingResource: {
      /** @enum {string} */
      kind: 'pump' | 'bay';
      id: string;
    };
    /**
     * @description An Ed25519 public key (JWK members) that signs e-tokens. Key is `kid`. An e-token (the
     *     booking's QR code) is `ET1.<payload>.<signature>`: the payload is the canonical JSON
     *     (keys sorted) of `{ v: 1, kid, tid, bid, sid, res: { kind, id }, from, to, plate, iat }`
     *     (key, token id, booking id, station id, resource, booked window, plate, issued at), in
     *     base64url without padding; the signature is Ed25519 over the ASCII bytes of
     *     `ET1.<payload>`, in base64url. A token is valid at station `sid` only, once.
     */
    EtokenKey: {
      kid: components['schemas']['Id'];
      /** @constant */
      alg: 'EdDSA';
      /** @constant */
      crv: 'Ed25519';
      /** @description base64url, 32 bytes. */
      x: string;
      notBefore: components['schemas']['EpochMs'];
      notAfter: components['schemas']['NullableEpochMs'];
    };
    /** @description A plate allowed in without paying (season ticket, staff, …). Key is `id`. */
    Permit: {
      id: components['schemas']['Id'];
      plate: components['schemas']['Plate'];
      /** @enum {string} */
      kind: 'season' | 'staff' | 'resident' | 'contractor';
      /** @description The zones it covers; empty for all. */
      zoneIds: components['schemas']['Id'][];
      validFrom: components['schemas']['EpochMs'];
      validTo: components['schemas']['NullableEpochMs'];
    };
    /** @description A plate on the white- or blacklist. Key is `list:plate`. */
    PlateListEntry: {
      plate: components['schemas']['Plate'];
      /** @enum {string} */
      list: 'whitelist' | 'blacklist';
      reason: string;
      validTo: components['schemas']['NullableEpochMs'];
    };
    /**
     * @description A payment made in the operator's app ("pay for parking or fuel by plate from the
     *     phone"). Key is `id`. For parking, the car may leave until `validUntil`.
     */
    AppPayment: {
      id: components['schemas']['Id'];
      plate: components['schemas']['Plate'];
      /** @enum {string} */
      purpose: 'parking' | 'fuel';
      amountMinor: components['schemas']['MinorUnits'];
      currency: components['schemas']['Currency'];
      paidAt: components['schemas']['EpochMs'];
      validUntil: components['schemas']['EpochMs'];
      /** @description The app receipt number. */
      reference: string;
    };
    /** @description The station's own reference for a QR payment (its idempotency key). */
    QrReference: string;
    QrPaymentRequest: {
      reference: components['schemas']['QrReference'];
      /** @description What the customer pays, above zero. */
      amountMinor: number;
      currency: components['schemas']['Currency'];
      expiresAt: components['schemas']['EpochMs'];
      /** @description What the app shows the customer (e.g. "Parking B123ABC"). */
      description: string;
    };
    QrPayment: {
      reference: components['schemas']['QrReference'];
      amountMinor: components['schemas']['MinorUnits'];
      currency: components['schemas']['Currency'];
      /**
       * @description `pending` until the customer pays (`paid`), the station withdraws it (`cancelled`)
       *     or `expiresAt` passes unpaid (`expired`). Only `pending` ever changes.
       * @enum {string}
       */
      status: 'pending' | 'paid' | 'cancelled' | 'expired';
      /**
       * Format: uri
       * @description The link the QR code carries, opened in the operator's app.
       */
      payUrl: string;
      createdAt: components['schemas']['EpochMs'];
      expiresAt: components['schemas']['EpochMs'];
      paidAt: components['schemas']['NullableEpochMs'];
    };
    /** @description A coupon's code, as printed on it (upper-case letters, digits and dashes). */
    CouponCode: string;
    CouponRedeemRequest: {
      redemptionId: components['schemas']['Id'];
    };
    CouponRedemption: {
      code: components['schemas']['CouponCode'];
      /** @description What the coupon gives, as the operator wrote it (e.g. "Free car wash"). */
      description: string;
      expiresAt: components['schemas']['EpochMs'];
      redeemedAt: components['schemas']['EpochMs'];
      redemptionId: components['schemas']['Id'];
    };
    MessageRequest:
      | components['schemas']['SessionExpiryMessage']
      | components['schemas']['OverstayMessage']
      | components['schemas']['ExitWindowReminder']
      | components['schemas']['BookingReminder']
      | components['schemas']['BookingExpiryNotice'];
    /** @description The paid time of a registered vehicle's session runs out at `expiresAt`. */
    SessionExpiryMessage: {
      id: components['schemas']['Uuid'];
      /** @constant */
      kind: 'session-expiry';
      plate: components['schemas']['Plate'];
      sessionId: components['schemas']['Id'];
      expiresAt: components['schemas']['EpochMs'];
    };
    /** @description The vehicle has stayed past its paid time or permit since `overstaySince`. */
    OverstayMessage: {
      id: components['schemas']['Uuid'];
      /** @constant */
      kind: 'overstay';
      plate: components['schemas']['Plate'];
      sessionId: components['schemas']['Id'];
      overstaySince: components['schemas']['EpochMs'];
      dueMinor: components['schemas']['MinorUnits'];
      currency: components['schemas']['Currency'];
    };
    /** @description A paid car should leave by `exitBy`, or the fee resumes. */
    ExitWindowReminder: {
      id: components['schemas']['Uuid'];
      /** @constant */
      kind: 'exit-window-reminder';
      plate: components['schemas']['Plate'];
      sessionId: components['schemas']['Id'];
      exitBy: components['schemas']['EpochMs'];
    };
    /** @description A booking starts at `startsAt`. */
    BookingReminder: {
      id: components['schemas']['Uuid'];
      /** @constant */
      kind: 'booking-reminder';
      plate: components['schemas']['Plate'];
      bookingId: components['schemas']['Id'];
      startsAt: components['schemas']['EpochMs'];
    };
    /**
     * @description A booking lapsed at `closedAt`: nobody checked in before check-in closed, and the slot
     *     went back to other customers.
     */
    BookingExpiryNotice: {
      id: components['schemas']['Uuid'];
      /** @constant */
      kind: 'booking-expired';
      plate: components['schemas']['Plate'];
      bookingId: components['schemas']['Id'];
      closedAt: components['schemas']['EpochMs'];
    };
    /**
     * @description Where a message request stands; also the `data` of a `messageStatus` change (its key is
     *     `messageId`). `queued` → `sent` → `delivered`, or `failed` at any point.
     */
    MessageStatus: {
      messageId: components['schemas']['Uuid'];
      /** @enum {string} */
      status: 'queued' | 'sent' | 'delivered' | 'failed';
      /** @description Why it failed, readable by a manager; null otherwise. */
      detail: string | null;
      at: components['schemas']['EpochMs'];
    };
  };
  responses: {
    /** @description The request does not match this document (`errors` says where), or is not JSON. */
    BadRequest: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description No, an unknown or an expired access token; or credentials or a grant refused. */
    Unauthorized: {
      headers: {
        'WWW-Authenticate'?: string;
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description No such resource for this station (another station's is "not found" too). */
    NotFound: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description An idempotency key reused with different content. */
    Conflict: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description The coupon was not redeemed; `reason` says why. */
    CouponRefused: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description The body is over 8 MiB. */
    PayloadTooLarge: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description The body is not `application/json`. */
    UnsupportedMediaType: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description Slow down; retry the same request after `Retry-After` seconds. */
    TooManyRequests: {
      headers: {
        'Retry-After': components['headers']['RetryAfter'];
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description The server failed; nothing can be assumed applied or not. Retry the same request. */
    ServerError: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
  };
  parameters: {
    /** @description The `nextCursor` of the previous page; absent for the start of the feed. */
    Cursor: string;
    /** @description Most changes in the page. */
    Limit: number;
    MessageId: components['schemas']['Uuid'];
    QrReference: components['schemas']['QrReference'];
    CouponCode: components['schemas']['CouponCode'];
  };
  requestBodies: never;
  headers: {
    /** @description Seconds to wait before retrying (HTTP's unit). */
    RetryAfter: number;
    /** @description `true` when this answer is the stored answer to an earlier, identical request. */
    IdempotentReplayed: 'true';
    NoStore: 'no-store';
  };
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  issueToken: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['TokenRequest'];
      };
    };
    responses: {
      /** @description New tokens. */
      200: {
        headers: {
          'Cache-Control': components['headers']['NoStore'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TokenResponse'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      415: components['responses']['UnsupportedMediaType'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['ServerError'];
    };
  };
  getStation: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The station behind the token. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StationInfo'];
        };
      };
      401: components['responses']['Unauthorized'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['ServerError'];
    };
  };
  pushEvents: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['PushRequest'];
      };
    };
    responses: {
      /** @description One result per event, in order. Accepted events are committed. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PushResponse'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['ServerError'];
    };
  };
  pullChanges: {
    parameters: {
      query?: {
        /** @description The `nextCursor` of the previous page; absent for the start of the feed. */
        cursor?: components['parameters']['Cursor'];
        /** @description Most changes in the page. */
        limit?: components['parameters']['Limit'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of changes. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ChangesPage'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['ServerError'];
    };
  };
  requestMessage: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['MessageRequest'];
      };
    };
    responses: {
      /** @description Accepted for delivery (or a replay of that answer). */
      202: {
        headers: {
          'Idempotent-Replayed': components['headers']['IdempotentReplayed'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MessageStatus'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      409: components['responses']['Conflict'];
      415: components['responses']['UnsupportedMediaType'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['ServerError'];
    };
  };
  getMessage: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        messageId: components['parameters']['MessageId'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Its current status. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MessageStatus'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['ServerError'];
    };
  };
  createQrPayment: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['QrPaymentRequest'];
      };
    };
    responses: {
      /** @description Created (or a replay of that answer). */
      201: {
        headers: {
          'Idempotent-Replayed': components['headers']['IdempotentReplayed'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['QrPayment'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      409: components['responses']['Conflict'];
      415: components['responses']['UnsupportedMediaType'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['ServerError'];
    };
  };
  getQrPayment: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        reference: components['parameters']['QrReference'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Its current status. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['QrPayment'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['ServerError'];
    };
  };
  cancelQrPayment: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        reference: components['parameters']['QrReference'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The payment after the request. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['QrPayment'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['ServerError'];
    };
  };
  redeemCoupon: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        code: components['parameters']['CouponCode'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CouponRedeemRequest'];
      };
    };
    responses: {
      /** @description Redeemed by this request (or a replay of that answer). */
      200: {
        headers: {
          'Idempotent-Replayed': components['headers']['IdempotentReplayed'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CouponRedemption'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['CouponRefused'];
      409: components['responses']['CouponRefused'];
      415: components['responses']['UnsupportedMediaType'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['ServerError'];
    };
  };
}
