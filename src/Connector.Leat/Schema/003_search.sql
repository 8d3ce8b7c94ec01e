-- The dashboard's search finds ledger rows by any id ops may paste: the platform's source id, the other ids a dispatch
-- is also known as (source_ids.also: a Square return's refund ids), the Leat uuid, or a contact's uuid in the payload.
-- Each gets an index so the search's OR of them is a bitmap OR of index scans, not a scan of the whole ledger.
CREATE INDEX dispatch_source_id ON leat.dispatch ((source_ids->>'source_id'));
CREATE INDEX dispatch_also_known_as ON leat.dispatch USING gin ((source_ids->'also'));
CREATE INDEX dispatch_leat_uuid ON leat.dispatch (leat_uuid) WHERE leat_uuid IS NOT NULL;
CREATE INDEX dispatch_contact_uuid ON leat.dispatch ((payload->'contact'->>'uuid'));
