-- pgbench script for bench_votes.py: the statement POST /api/shows/{id}/votes runs for one new vote
-- (votes/repository.py: _CAST), in its own transaction as the endpoint runs it. pgbench variables are
-- integers, so ids come from two small lookup tables; {placeholders} are filled in by the benchmark.
\set f random(0, {fans_max})
\set s random(0, {songs_max})
BEGIN;
WITH target AS (
    SELECT ss.id AS song_id, sl.id AS setlist_id, ss.vote_count,
           (sl.is_locked OR sh.status = 'cancelled' OR (sh.starts_at IS NOT NULL AND sh.starts_at <= now()))
               AS locked
      FROM setlist_songs ss
      JOIN setlists sl ON sl.id = ss.setlist_id AND sl.kind = 'predicted'
      JOIN shows sh ON sh.id = sl.show_id
     WHERE ss.id = (SELECT id FROM bench_songs WHERE n = :s) AND sh.id = '{show}'
), cast_vote AS (
    INSERT INTO votes (id, user_id, anon_id, setlist_song_id)
    SELECT gen_random_uuid(), (SELECT id FROM bench_fans WHERE n = :f), NULL, song_id FROM target WHERE NOT locked
    ON CONFLICT DO NOTHING
    RETURNING setlist_song_id
), quota AS (
    INSERT INTO vote_quotas (fan_id, day, used)
    SELECT (SELECT id FROM bench_fans WHERE n = :f), current_date, 1 FROM cast_vote
    ON CONFLICT (fan_id, day) DO UPDATE SET used = vote_quotas.used + 1 WHERE vote_quotas.used < 100000
    RETURNING used
), bump AS (
    UPDATE setlist_songs SET vote_count = vote_count + 1, count_version = count_version + 1
     WHERE id = (SELECT setlist_song_id FROM cast_vote) AND EXISTS (SELECT 1 FROM quota)
    RETURNING vote_count, count_version
)
SELECT target.setlist_id, target.locked, EXISTS (SELECT 1 FROM cast_vote), (SELECT used FROM quota),
       coalesce((SELECT used FROM vote_quotas WHERE fan_id = (SELECT id FROM bench_fans WHERE n = :f)
                                               AND day = current_date), 0),
       (SELECT count(*) FROM votes v JOIN setlist_songs s ON s.id = v.setlist_song_id
         WHERE v.user_id = (SELECT id FROM bench_fans WHERE n = :f) AND s.setlist_id = target.setlist_id),
       coalesce((SELECT vote_count FROM bump), target.vote_count), (SELECT count_version FROM bump)
  FROM target;
END;
