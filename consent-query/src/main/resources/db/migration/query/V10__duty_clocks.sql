-- The operator's duties after consent as clocks (issue 27): one row per fact that starts a working-day term (a
-- subject's request, a destruction due, the end of processing that starts retention, a withdrawal's stop), keyed by
-- that event's idempotency key. Its state (due, met, late, overdue) depends on the day asked about and is computed
-- when read, never stored. The closing facts are kept apart, all of them, so that which clock each one closes is
-- decided again over the subject's whole set whatever order the facts arrive in (DutyClockProjection).
CREATE TABLE query.duty_clock (
    operator         CHAR(12)      NOT NULL,
    subject          VARCHAR(128)  NOT NULL,
    clock_source     VARCHAR(1024) NOT NULL,
    clock_event_id   VARCHAR(1024) NOT NULL,
    kind             VARCHAR(32)   NOT NULL,
    trigger          VARCHAR(64)   NOT NULL,
    request_ref      VARCHAR(256),
    legal_reference  VARCHAR(1024),
    policy_version   VARCHAR(128),
    opened_at        TIMESTAMPTZ   NOT NULL,
    opened           DATE          NOT NULL,
    -- NULL for a retention whose policy version states no rule: reported as such, never due.
    due_date         DATE,
    -- NULL when the due date's calendar is unknown (a withdrawal's stop date predates calendar versions).
    calendar_version VARCHAR(128),
    provisional      BOOLEAN,
    closed           DATE,
    closing_source   VARCHAR(1024),
    closing_event_id VARCHAR(1024),
    outcome          VARCHAR(64),
    PRIMARY KEY (operator, subject, clock_source, clock_event_id)
);

CREATE INDEX duty_clock_due ON query.duty_clock (operator, due_date);

CREATE TABLE query.duty_closing (
    operator     CHAR(12)      NOT NULL,
    subject      VARCHAR(128)  NOT NULL,
    source       VARCHAR(1024) NOT NULL,
    event_id     VARCHAR(1024) NOT NULL,
    closes       VARCHAR(32)   NOT NULL,
    request_ref  VARCHAR(256),
    due_event_id VARCHAR(1024),
    trigger      VARCHAR(64),
    occurred_at  TIMESTAMPTZ   NOT NULL,
    outcome      VARCHAR(64),
    PRIMARY KEY (operator, subject, source, event_id)
);

-- Withdrawals projected before this table existed have their stop clocks from the history (no other fact that opens
-- or closes a clock predates this release); the projection keeps them from here on.
INSERT INTO query.duty_clock (operator, subject, clock_source, clock_event_id, kind, trigger, legal_reference,
    opened_at, opened, due_date, calendar_version)
SELECT operator, subject, source, event_id, 'withdrawal-stop', 'consent-withdrawn', 'Law 94-V Art. 8(7)', occurred_at,
    (occurred_at AT TIME ZONE 'Asia/Almaty')::date, (details ->> 'stopDueBy')::date, details ->> 'stopDueCalendar'
FROM query.history_entry
WHERE entry_type = 'consent-withdrawn' AND details ->> 'stopDueBy' IS NOT NULL
ON CONFLICT DO NOTHING;
