"""cast_vote(): a vote as one statement that needs no transaction around it

It takes the fan's row of the day (vote_quotas) before it reads the fan's limits, so one fan's votes count
one at a time and a vote that waited for the fan's other tab counts that tab's vote (each statement of a
PL/pgSQL function reads afresh); it refuses before it writes, so nothing has to be rolled back; and it
ends by moving the song's count, whose row lock is then held only until the statement commits. The vote
endpoint runs it in autocommit (one round trip, no BEGIN/COMMIT); adding a song runs it inside its own
transaction. Outcomes: cast, voted (the fan had voted for the song), locked, day_spent, show_spent; no row
when the song is not in the show's predicted setlist.

Revision ID: 0011_cast_vote
Revises: 0010_vote_setlist
Create Date: 2026-12-03
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011_cast_vote"
down_revision: str | None = "0010_vote_setlist"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SIGNATURE = "cast_vote(timestamptz, uuid, uuid, uuid, uuid, uuid, date, integer, integer)"

CAST_VOTE = """
CREATE FUNCTION cast_vote(
    p_now timestamptz, p_show uuid, p_song uuid, p_vote uuid, p_user uuid, p_anon uuid,
    p_day date, p_per_day integer, p_per_show integer
) RETURNS TABLE (
    setlist uuid, outcome text, used_today integer, on_show integer, song_votes integer, song_version integer
)
LANGUAGE plpgsql AS $$
DECLARE
    fan uuid := coalesce(p_user, p_anon);
    closed boolean;
BEGIN
    SELECT sl.id, ss.vote_count,
           sl.is_locked OR sh.status = 'cancelled' OR (sh.starts_at IS NOT NULL AND sh.starts_at <= p_now)
      INTO setlist, song_votes, closed
      FROM setlist_songs ss
      JOIN setlists sl ON sl.id = ss.setlist_id AND sl.kind = 'predicted'
      JOIN shows sh ON sh.id = sl.show_id
     WHERE ss.id = p_song AND sh.id = p_show;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    IF closed THEN
        outcome := 'locked';
        RETURN NEXT;
        RETURN;
    END IF;
    PERFORM 1 FROM votes v WHERE v.setlist_song_id = p_song AND (v.user_id = p_user OR v.anon_id = p_anon);
    IF FOUND THEN
        outcome := 'voted';
        used_today := coalesce((SELECT q.used FROM vote_quotas q WHERE q.fan_id = fan AND q.day = p_day), 0);
        SELECT count(*) INTO on_show FROM votes v
         WHERE v.setlist_id = setlist AND (v.user_id = p_user OR v.anon_id = p_anon);
        RETURN NEXT;
        RETURN;
    END IF;
    -- The fan's row of the day, locked: their other tabs' votes wait here, and what follows sees theirs.
    SELECT q.used INTO used_today FROM vote_quotas q WHERE q.fan_id = fan AND q.day = p_day FOR UPDATE;
    IF NOT FOUND THEN
        INSERT INTO vote_quotas (fan_id, day, used) VALUES (fan, p_day, 0)
        ON CONFLICT (fan_id, day) DO NOTHING;
        SELECT q.used INTO used_today FROM vote_quotas q WHERE q.fan_id = fan AND q.day = p_day FOR UPDATE;
    END IF;
    SELECT count(*) INTO on_show FROM votes v
     WHERE v.setlist_id = setlist AND (v.user_id = p_user OR v.anon_id = p_anon);
    IF used_today >= p_per_day THEN
        outcome := 'day_spent';
        RETURN NEXT;
        RETURN;
    END IF;
    IF on_show >= p_per_show THEN
        outcome := 'show_spent';
        RETURN NEXT;
        RETURN;
    END IF;
    INSERT INTO votes (id, user_id, anon_id, setlist_song_id, setlist_id)
    VALUES (p_vote, p_user, p_anon, p_song, setlist)
    ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN  -- the fan's other tab cast this very vote while this one waited for the lock
        outcome := 'voted';
        song_votes := (SELECT ss.vote_count FROM setlist_songs ss WHERE ss.id = p_song);
        RETURN NEXT;
        RETURN;
    END IF;
    UPDATE vote_quotas q SET used = q.used + 1 WHERE q.fan_id = fan AND q.day = p_day
    RETURNING q.used INTO used_today;
    UPDATE setlist_songs ss SET vote_count = ss.vote_count + 1, count_version = ss.count_version + 1
     WHERE ss.id = p_song
    RETURNING ss.vote_count, ss.count_version INTO song_votes, song_version;
    on_show := on_show + 1;
    outcome := 'cast';
    RETURN NEXT;
END
$$
"""


def upgrade() -> None:
    op.execute(CAST_VOTE)


def downgrade() -> None:
    op.execute(f"DROP FUNCTION {SIGNATURE}")
