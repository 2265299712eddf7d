-- The outbox and the notification queue are queue tables: every row is inserted, then updated
-- once or twice (done, sent), so their partial "still to do" indexes fill with entries of rows
-- long done until a vacuum clears them, and every scan of those indexes wades through them.
-- PostgreSQL's default trigger (20% of the table dead) lets that grow with the table; vacuum
-- them after a fixed number of updates instead. (The embedded database has no autovacuum at
-- all: the core's `core.queues.vacuum` job does it there.)
alter table core_outbox set (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000);
alter table core_notifications set (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000);
