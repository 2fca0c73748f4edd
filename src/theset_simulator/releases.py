"""The kinds of release a real catalog holds, each with the traps it sets for an importer.

- deluxe editions copy the album's tracks under new track ids with the same ISRCs, plus demos, B-sides and
  live bonus tracks;
- "(YYYY Remaster)" reissues give every track a new ISRC, "(Remastered)" ones keep the old ISRC; MusicBrainz
  keeps both as the same recording;
- live albums use every live title convention, including none at all, and one carries a studio bonus track;
- with `traps`, a remix carries the original's ISRC (and MusicBrainz has it on both recordings), and a
  compilation track titled "- Live" is really the studio take (beatify#2357).
"""

from __future__ import annotations

from datetime import date, timedelta

from theset_simulator import names
from theset_simulator.discography import VARIOUS_ARTISTS_ID, Builder
from theset_simulator.model import Album, Track


def studio_album(b: Builder, index: int, day: date) -> None:
    title = "Alive" if b.spec.traps and index == 2 else b.album_name()  # a studio album named like a live one
    album = b.album(title, "album", "album", day, b.release_group(title, "Album", day))
    tracks = []
    for position in range(b.rng.randint(*b.spec.tracks_per_album)):
        # "Intro" recurs across albums as different songs: title-only dedupe wrongly merges them.
        song = "Intro" if position == 0 and b.rng.random() < 0.25 else b.song_name()
        guest = b.featuring()
        rec = b.recording(song, day.year, b.studio_length())
        name = f"{song} (feat. {guest.name})" if guest else song
        artists = (b.artist_id, guest.spotify_id) if guest else None
        tracks.append(b.add(album, name, rec, "original", artists=artists))
    b.studio.append((album, tracks))
    b.originals.extend(tracks)


def deluxe_edition(b: Builder, album: Album, tracks: list[Track], day: date) -> None:
    label = b.rng.choice(("Deluxe Edition", "Deluxe", "Expanded Edition", "Super Deluxe"))
    rg = next(g for g in b.groups if g.id == album.release_group_id)  # same release group in MusicBrainz
    deluxe = b.album(f"{album.name} ({label})", "album", "album", day, rg)
    for track in tracks:
        b.add(deluxe, track.name, track.recording, "original", artists=track.artist_ids, isrc=track.isrc)
    b_side = b.song_name(allow_trap=False)
    b.originals.append(
        b.add(deluxe, b_side, b.recording(b_side, day.year, b.studio_length()), "original", disc=2)
    )
    demo_of = b.rng.choice(tracks).recording
    demo_name = f"{demo_of.title} - {b.rng.choice(('Demo', 'Demo Version', f'{day.year - 2} Demo'))}"
    b.add(
        deluxe, demo_name, b.version_recording(demo_of, "demo", day.year, b.studio_length()), "demo", disc=2
    )
    venue = b.rng.choice(b.venues)
    for song in b.rng.sample(tracks, min(2, len(tracks))):
        fmt = b.next_live_format()  # bonus live tracks on a studio album always say so
        rec = b.live_recording(song, venue, day - timedelta(days=200))
        b.add(deluxe, b.live_title(fmt, song, venue, day), rec, "live", disc=2)


def remaster(b: Builder, album: Album, tracks: list[Track], year: int, new_isrcs: bool) -> None:
    name = f"{album.name} ({year} Remaster)" if new_isrcs else f"{album.name} (Remastered)"
    rg = next(g for g in b.groups if g.id == album.release_group_id)
    reissue = b.album(name, "album", "album", b.day_in(year), rg)
    for track in tracks:
        isrc = b.new_isrc(year) if new_isrcs else track.isrc
        if new_isrcs:
            track.recording.isrcs.append(isrc)  # a new ISRC, still the same MusicBrainz recording
        suffix = f" - {year} Remaster" if new_isrcs else " - Remastered"
        duration = track.duration_ms + b.rng.randint(-600, 600)
        copy = b.add(
            reissue,
            track.name + suffix,
            track.recording,
            "remaster",
            isrc=isrc,
            duration_ms=duration,
            artists=track.artist_ids,
        )
        b.remastered.append(copy)


def anniversary(b: Builder, album: Album, tracks: list[Track], year: int) -> None:
    """An anniversary reissue under another title ("Album 25") whose tracks say "- 2012 Remaster" and carry
    new ISRCs MusicBrainz has never heard of (the release is in the original's release group all the same),
    and one of those remasters again on an unrelated compilation. Every copy is the original recording."""
    rg = next(g for g in b.groups if g.id == album.release_group_id)
    reissue = b.album(f"{album.name} {year - album.day.year}", "album", "album", b.day_in(year), rg)
    copies = []
    for track in tracks:
        duration = track.duration_ms + b.rng.randint(-1500, 1500)
        copies.append(
            b.add(reissue, f"{track.name} - {year} Remaster", track.recording, "remaster",
                  isrc=b.new_isrc(year), duration_ms=duration, artists=track.artist_ids)
        )  # fmt: skip
    title = "Songs for the Long Road"
    day = b.day_in(min(year + 1, b.today.year))
    mix = b.album(
        title, "compilation", "compilation", day, b.release_group(title, "Album", day, ("Compilation",))
    )
    pick = b.rng.choice(copies)
    b.add(mix, pick.name, pick.recording, "remaster", isrc=b.new_isrc(day.year), duration_ms=pick.duration_ms)
    for song in b.pick_songs(4):
        if song.recording is not pick.recording:
            b.add(mix, song.name, song.recording, song.version, isrc=song.isrc, artists=song.artist_ids)


def legacy_edition(b: Builder, album: Album, tracks: list[Track], year: int) -> None:
    """A "(Legacy Edition)" reissue in the original's release group whose remasters restore full-length
    intros and endings (11-25 s longer than the album's cuts, past every length tolerance), with new ISRCs
    MusicBrainz has never heard of; one copy is not even titled as a remaster. Only the release group says
    these are the album's songs. Two previously unreleased bonus tracks are songs of their own."""
    rg = next(g for g in b.groups if g.id == album.release_group_id)
    reissue = b.album(f"{album.name} (Legacy Edition)", "album", "album", b.day_in(year), rg)
    for position, track in enumerate(tracks):
        name = track.name if position == 1 else f"{track.name} - Remastered {year}"
        duration = track.duration_ms + b.rng.randint(11_000, 25_000)
        b.add(reissue, name, track.recording, "remaster", isrc=b.new_isrc(year), duration_ms=duration,
              artists=track.artist_ids)  # fmt: skip
    for _ in range(2):
        bonus = b.song_name(allow_trap=False)
        b.add(reissue, bonus, b.recording(bonus, year, b.studio_length()), "original", disc=2)


def re_recorded(b: Builder, album: Album, tracks: list[Track], year: int) -> None:
    """The album recorded again, decades later: "<Album> Revisited", a release group of its own, bare
    titles, new recordings with their own ISRCs and lengths 5-20 s shorter. The same titles, but other
    recordings: they must not merge into the originals (nor into a reissue's remasters)."""
    title = f"{album.name} Revisited"
    day = b.day_in(year)
    again = b.album(title, "album", "album", day, b.release_group(title, "Album", day))
    for track in tracks:
        rec = b.recording(track.recording.title, year, track.duration_ms - b.rng.randint(5_000, 20_000))
        b.add(again, track.name, rec, "original", artists=track.artist_ids)


def single(b: Builder, song: Track | None, day: date, misassigned_remix: bool = False) -> None:
    """A lead single re-issues an album track (same ISRC); without `song` it is a new non-album song."""
    if song is None:
        title = b.song_name()
        rec = b.recording(title, day.year, b.studio_length())
        album = b.album(title, "single", "single", day, b.release_group(title, "Single", day))
        b.originals.append(b.add(album, title, rec, "original"))
        return
    title = song.name
    album = b.album(title, "single", "single", day, b.release_group(title, "Single", day))
    b.add(album, song.name, song.recording, "original", isrc=song.isrc, artists=song.artist_ids)
    if misassigned_remix or b.rng.random() < 0.3:
        remixer = b.rng.choice(names.REMIXERS)
        rec = b.version_recording(
            song.recording, f"{remixer} remix", day.year, b.rng.randint(200_000, 400_000)
        )
        if misassigned_remix:
            # The label reported the original's ISRC for the remix too, and MusicBrainz copied it.
            rec.isrcs = [song.isrc]
        b.add(album, f"{song.recording.title} - {remixer} Remix", rec, "remix", isrc=rec.isrcs[0])


def extended_play(b: Builder, kind: str, day: date) -> None:
    if kind == "acoustic" and b.studio:
        source_album, tracks = b.rng.choice(b.studio)
        day = min(b.today, max(day, source_album.day + timedelta(days=150)))
        title = f"{source_album.name} (Acoustic)"
        ep = b.album(title, "single", "single", day, b.release_group(title, "EP", day))
        for song in b.rng.sample(tracks, min(4, len(tracks))):
            name = f"{song.recording.title} - {b.rng.choice(('Acoustic', 'Acoustic Version'))}"
            b.add(
                ep,
                name,
                b.version_recording(song.recording, "acoustic", day.year, b.studio_length()),
                "acoustic",
            )
    elif kind == "remixes" and b.originals:
        song = b.rng.choice(b.pick_songs(6) or b.originals)
        title = f"{song.recording.title} (Remixes)"
        ep = b.album(title, "single", "single", day, b.release_group(title, "EP", day, ("Remix",)))
        for remixer in b.rng.sample(names.REMIXERS, 4):
            rec = b.version_recording(
                song.recording, f"{remixer} remix", day.year, b.rng.randint(200_000, 420_000)
            )
            b.add(ep, f"{song.recording.title} ({remixer} Remix)", rec, "remix")
    else:
        title = b.album_name()
        ep = b.album(title, "single", "single", day, b.release_group(title, "EP", day))
        for _ in range(b.rng.randint(*b.spec.tracks_per_album)):
            name = b.song_name()
            b.originals.append(b.add(ep, name, b.recording(name, day.year, b.studio_length()), "original"))


def compilation(b: Builder, index: int, day: date) -> None:
    titles = (
        f"The Best of {b.spec.name}",
        "Greatest Hits",
        "Essentials",
        "Anthology",
        "Collected",
        "Singles",
    )
    title = titles[index % len(titles)] + (
        f" Vol. {index // len(titles) + 1}" if index >= len(titles) else ""
    )
    album = b.album(
        title, "compilation", "compilation", day, b.release_group(title, "Album", day, ("Compilation",))
    )
    pool = b.pick_songs(b.rng.randint(12, 18))
    for song in pool:
        remasters = [t for t in b.remastered if t.recording is song.recording]
        source = remasters[0] if remasters and b.rng.random() < 0.5 else song
        b.add(
            album, source.name, source.recording, source.version, isrc=source.isrc, artists=source.artist_ids
        )
    if b.spec.traps and index == 0 and pool:
        # The title says live; the ISRC and the audio are the studio take.
        lie = pool[0]
        b.add(album, f"{lie.recording.title} - Live", lie.recording, "original", isrc=lie.isrc)
    unreleased = b.song_name(allow_trap=False)
    rec = b.recording(unreleased, day.year, b.studio_length())
    b.originals.append(b.add(album, unreleased, rec, "original"))


def live_album(b: Builder, index: int, day: date) -> None:
    venue = b.rng.choice(b.venues)
    city = venue.city.name
    titles = (
        names.LIVE_ALBUM_TITLES_WITHOUT_LIVE_WORD[index % len(names.LIVE_ALBUM_TITLES_WITHOUT_LIVE_WORD)],
        f"Live at {venue.name}",
        f"Alive in {city}",
        "Unplugged",
        f"In Concert: {city} {day.year}",
    )
    title = titles[index % len(titles)]
    secondary = ("Compilation", "Live") if index == 3 else ("Live",)
    album = b.album(title, "album", "album", day, b.release_group(title, "Album", day, secondary))
    # The album without a live word also has bare track titles: only MusicBrainz can tell it is live.
    fmt = "{s}" if index == 0 else b.next_live_format()
    for song in b.pick_songs(b.rng.randint(10, 16)):
        b.add(album, b.live_title(fmt, song, venue, day), b.live_recording(song, venue, day), "live")
    if index == 1:
        bonus = b.song_name(allow_trap=False)  # a studio bonus track on a live album
        b.originals.append(b.add(album, bonus, b.recording(bonus, day.year, b.studio_length()), "original"))


def archive_release(b: Builder, index: int, day: date) -> None:
    venue = b.rng.choice(b.venues)
    city, stamp = venue.city.name, f"{day.month}/{day.day}/{day.year % 100:02d}"
    style = index % 4
    title = (
        f"Vault Series Vol. {index + 1}: {venue.name}, {city} {stamp}",
        f"{day.isoformat()} {venue.name}, {city}, {venue.city.country_code}",
        f"Road Tapes Vol. {index + 1}",
        f"Live at {venue.name} {day.year}",
    )[style]
    album = b.album(title, "album", "album", day, b.release_group(title, "Album", day, ("Live",)))
    box = index % 90 == 45  # a few multi-disc boxes run past 50 tracks, so /albums/{id} must be paged
    count = b.rng.randint(55, 80) if box else b.rng.randint(9, 16)
    marker = " - Live" if style == 3 else ""
    for position, song in enumerate(b.rng.choices(b.originals, k=count)):
        rec = b.live_recording(song, venue, day)
        b.add(album, song.recording.title + marker, rec, "live", disc=1 + position // 20)


def remix_album(b: Builder, index: int, day: date) -> None:
    source_album, tracks = b.studio[index % len(b.studio)]
    title = f"{source_album.name} {('Remixed', 'Reworks')[index % 2]}"
    album = b.album(title, "album", "album", day, b.release_group(title, "Album", day, ("Remix",)))
    for song in tracks[:10]:
        remixer = b.rng.choice(names.REMIXERS)
        rec = b.version_recording(
            song.recording, f"{remixer} remix", day.year, b.rng.randint(200_000, 420_000)
        )
        b.add(album, f"{song.recording.title} ({remixer} Remix)", rec, "remix")


def appears_on(b: Builder, index: int, day: date) -> None:
    """A various-artists compilation: listed under the artist's `appears_on`, not part of its own catalog."""
    series = ("Summer Anthems", "Indie Spotlight", "Road Trip Classics", "Late Night Sessions")
    title = f"{series[index % len(series)]} {day.year}"
    album = b.album(title, "compilation", "appears_on", day, None, artists=(VARIOUS_ARTISTS_ID,))
    song = b.rng.choice(b.originals)
    b.add(album, song.name, song.recording, song.version, isrc=song.isrc, artists=song.artist_ids)
    for filler in b.rng.sample(b.fillers, 3):
        title = names.song_title(b.rng)
        rec = b.recording(title, day.year, b.studio_length())
        rec.in_musicbrainz = False
        b.recordings.remove(rec)  # someone else's recording: not part of this artist's MusicBrainz data
        b.add(album, title, rec, "original", artists=(filler.spotify_id,))


def b_sides(b: Builder, day: date) -> None:
    """A b-sides and rarities compilation: studio copies, a studio rarity, and one live take whose title,
    album and (without audio features) sound say nothing — only its MusicBrainz recording, found by its
    ISRC, says "live, <date>: <venue>"."""
    title = "Odds & Ends: B-Sides and Rarities"
    album = b.album(
        title, "compilation", "compilation", day, b.release_group(title, "Album", day, ("Compilation",))
    )
    songs = b.pick_songs(4)
    for song in songs[:3]:
        b.add(album, song.name, song.recording, song.version, isrc=song.isrc, artists=song.artist_ids)
    rarity = b.song_name(allow_trap=False)
    b.originals.append(b.add(album, rarity, b.recording(rarity, day.year, b.studio_length()), "original"))
    venue = b.rng.choice(b.venues)
    concert = day - timedelta(days=b.rng.randint(200, 900))
    rec = b.live_recording(songs[3], venue, concert)
    rec.disambiguation = (
        f"live, {concert.isoformat()}: {venue.name}, {venue.city.name}, {venue.city.country_code}"
    )
    b.add(album, songs[3].recording.title, rec, "live")
