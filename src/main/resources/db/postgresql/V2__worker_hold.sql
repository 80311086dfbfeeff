-- A task whose run was reclaimed is not offered again while the displaced worker may still be
-- alive: until the reaper confirms that process dead (release) or this time passes (one more
-- lease length, after which a worker that cannot renew its lease has ended itself).
ALTER TABLE tasks ADD COLUMN worker_hold_until timestamptz;
