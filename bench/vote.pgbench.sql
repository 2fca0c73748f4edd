-- pgbench script for bench_votes.py: the statements POST /api/shows/{id}/votes runs for one new vote
-- (votes/service.vote), as one transaction. pgbench variables are integers, so ids come from two small
-- lookup tables; {placeholders} are filled in by the benchmark.
\set f random(0, {fans_max})
\set s random(0, {songs_max})
BEGIN;
SELECT ss.id, sl.id, sl.is_locked, sh.status, sh.starts_at, sh.artist_id
  FROM setlist_songs ss JOIN setlists sl ON sl.id = ss.setlist_id JOIN shows sh ON sh.id = sl.show_id
 WHERE ss.id = (SELECT id FROM bench_songs WHERE n = :s) AND sh.id = '{show}' AND sl.kind = 'predicted';
INSERT INTO votes (id, user_id, anon_id, setlist_song_id)
VALUES (gen_random_uuid(), (SELECT id FROM bench_fans WHERE n = :f), NULL, (SELECT id FROM bench_songs WHERE n = :s))
ON CONFLICT (user_id, setlist_song_id) DO NOTHING RETURNING id;
INSERT INTO vote_quotas (fan_id, day, used) VALUES ((SELECT id FROM bench_fans WHERE n = :f), current_date, 1)
ON CONFLICT (fan_id, day) DO UPDATE SET used = vote_quotas.used + 1 WHERE vote_quotas.used < 100000
RETURNING used;
SELECT count(*) FROM votes JOIN setlist_songs ON setlist_songs.id = votes.setlist_song_id
 WHERE votes.user_id = (SELECT id FROM bench_fans WHERE n = :f) AND setlist_songs.setlist_id = '{setlist}';
UPDATE setlist_songs SET vote_count = vote_count + 1, count_version = count_version + 1
 WHERE id = (SELECT id FROM bench_songs WHERE n = :s) RETURNING vote_count, count_version;
END;
