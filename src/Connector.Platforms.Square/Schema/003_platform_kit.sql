-- The webhook inbox, rejections and poll checkpoints moved to the platform kit's intake schema, shared by every
-- platform (keyed by platform); nothing had shipped on these tables.
DROP TABLE square.webhook_inbox;
DROP TABLE square.webhook_rejection;
DROP TABLE square.poll_checkpoint;
