"""Writes to address data."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from addresses.events import address_data_changed
from addresses.models import AddressDataVersion, Alias, Landmark, QueryReview, Street
from gazetteer.normalize import normalize

MIN_REVIEW_CHARS = 3


def address_data_version_bump(name: str = "addresses") -> int:
    """Move the address data version on; in-memory gazetteer indexes rebuild when they see it change."""
    with transaction.atomic():
        version, created = AddressDataVersion.objects.select_for_update().get_or_create(name=name)
        if not created:
            AddressDataVersion.objects.filter(pk=version.pk).update(version=F("version") + 1)
            version.refresh_from_db()
        number = version.version
        transaction.on_commit(lambda: address_data_changed.send(sender=AddressDataVersion, version=number))
    return version.version


def _review_upsert(*, query: str, reason: str, user, defaults: dict, chosen_record: str = "") -> QueryReview | None:
    query = " ".join(query.split())[:300]
    normalized = normalize(query)[:300]
    if len(normalized.replace(" ", "")) < MIN_REVIEW_CHARS:
        return None
    user = user if getattr(user, "is_authenticated", False) else None
    for _attempt in range(2):
        try:
            with transaction.atomic():
                review = (
                    QueryReview.objects.select_for_update()
                    .filter(normalized=normalized, reason=reason, chosen_record=chosen_record,
                            status=QueryReview.Status.OPEN)
                    .first()
                )
                if review is None:
                    return QueryReview.objects.create(
                        query=query, normalized=normalized, reason=reason, chosen_record=chosen_record,
                        reported_by=user, **defaults,
                    )
                QueryReview.objects.filter(pk=review.pk).update(
                    times=F("times") + 1, reported_by=user, last_seen=timezone.now(), **defaults,
                )
                review.refresh_from_db()
                return review
        except IntegrityError:  # two operators reported the same query at once: the second one counts
            continue
    return None


def review_query_record(*, query: str, user=None, region: int | None = None) -> QueryReview | None:
    """Put a query that matched nothing on the review queue (or count it again); too-short queries are skipped."""
    return _review_upsert(query=query, reason=QueryReview.Reason.UNMATCHED, user=user,
                          defaults={"region_number": region})


def review_correction_record(*, query: str, user=None, suggested_label: str = "", suggested_record: str = "",
                             chosen_label: str, chosen_record: str) -> QueryReview | None:
    """Note that the operator picked another place than the first suggestion; the street or landmark picked
    is attached, ready to become an alias."""
    from addresses.bridge import record_source

    defaults = {"suggested_label": suggested_label[:300], "suggested_record": suggested_record[:80],
                "chosen_label": chosen_label[:300]}
    source = record_source(chosen_record)
    if source and source[0] == "street":
        defaults["street"] = Street.objects.filter(pk=source[1]).first()
    elif source and source[0] == "landmark":
        defaults["landmark"] = Landmark.objects.filter(pk=source[1]).first()
    return _review_upsert(query=query, reason=QueryReview.Reason.CORRECTED, user=user, defaults=defaults,
                          chosen_record=chosen_record[:80])


class ReviewNotReady(ValueError):
    """The review names no street or landmark to attach the alias to."""


def review_alias_create(*, review: QueryReview, name: str | None = None, kind: str = Alias.Kind.COLLOQUIAL) -> Alias:
    """Turn a reviewed query into an alias of its street or landmark, close the review, bump the data version."""
    with transaction.atomic():
        review = QueryReview.objects.select_for_update().get(pk=review.pk)
        if review.street_id is None and review.landmark_id is None:
            raise ReviewNotReady("choose the street or landmark this query means first")
        alias_name = " ".join((name or review.query).split())
        alias = Alias.objects.filter(street_id=review.street_id, landmark_id=review.landmark_id,
                                     name=alias_name).first()
        if alias is None:
            alias = Alias.objects.create(street_id=review.street_id, landmark_id=review.landmark_id,
                                         name=alias_name, kind=kind)
        review.alias = alias
        review.status = QueryReview.Status.ALIASED
        review.resolved_at = timezone.now()
        review.save(update_fields=["alias", "status", "resolved_at", "last_seen"])
    address_data_version_bump()
    return alias


def review_dismiss(*, review: QueryReview) -> None:
    QueryReview.objects.filter(pk=review.pk, status=QueryReview.Status.OPEN).update(
        status=QueryReview.Status.DISMISSED, resolved_at=timezone.now())


def address_places_assign(*, street_ids: list[int] = (), landmark_ids: list[int] = ()) -> None:
    """Give imported streets and landmarks their region, district (and neighbourhood, districts crossed) by
    geometry. Features outside every boundary keep what they had."""
    from django.db import connection

    from addresses.models import Street as StreetModel

    with connection.cursor() as cursor:
        if street_ids:
            cursor.execute(
                """
                update addresses_street s set region_id = r.id
                from addresses_region r
                where s.id = any(%s) and st_contains(r.geom, st_pointonsurface(s.geom))
                """, [list(street_ids)])
            cursor.execute(
                """
                update addresses_street s set district_id = d.id, region_id = d.region_id
                from addresses_district d
                where s.id = any(%s) and st_contains(d.geom, st_pointonsurface(s.geom))
                """, [list(street_ids)])
            through = StreetModel.districts.through._meta.db_table
            cursor.execute(f"delete from {through} where street_id = any(%s)", [list(street_ids)])
            cursor.execute(
                f"""
                insert into {through} (street_id, district_id)
                select s.id, d.id from addresses_street s join addresses_district d on st_intersects(d.geom, s.geom)
                where s.id = any(%s)
                """, [list(street_ids)])
        if landmark_ids:
            cursor.execute(
                """
                update addresses_landmark l set region_id = r.id
                from addresses_region r where l.id = any(%s) and st_contains(r.geom, l.geom)
                """, [list(landmark_ids)])
            cursor.execute(
                """
                update addresses_landmark l set district_id = d.id, region_id = d.region_id
                from addresses_district d where l.id = any(%s) and st_contains(d.geom, l.geom)
                """, [list(landmark_ids)])
            cursor.execute(
                """
                update addresses_landmark l set neighbourhood_id = n.id
                from addresses_neighbourhood n where l.id = any(%s) and st_contains(n.geom, l.geom)
                """, [list(landmark_ids)])
        # Fresh planner statistics after an import, for the spatial joins that read these tables next.
        cursor.execute("ANALYZE addresses_street, addresses_landmark, addresses_alias")


ADDRESS_STREET_WITHIN_M = 1500.0  # an address point is tied to a street of its name no farther than this


def address_points_link(*, point_ids: list[int] = (), range_ids: list[int] = ()) -> int:
    """Tie address points and ranges to the nearest street bearing their street name (its name, English name or
    an alias, letter case aside) within `ADDRESS_STREET_WITHIN_M`; the others lose their street. Returns how many
    address points are left without one."""
    from django.db import connection

    unlinked = 0
    with connection.cursor() as cursor:
        for table, ids in (("addresses_addresspoint", point_ids), ("addresses_addressrange", range_ids)):
            if not ids:
                continue
            cursor.execute(
                f"""
                with names as (
                    select id as street_id, lower(name_fa) as name from addresses_street where name_fa <> ''
                    union select id, lower(name_en) from addresses_street where name_en <> ''
                    union select street_id, lower(name) from addresses_alias where street_id is not null
                ), best as (
                    select distinct on (p.id) p.id, n.street_id
                    from {table} p
                    join names n on n.name = lower(p.street_name)
                    join addresses_street s on s.id = n.street_id
                    where p.id = any(%s) and st_dwithin(s.geom::geography, p.geom::geography, %s)
                    order by p.id, st_distance(s.geom::geography, p.geom::geography), n.street_id
                )
                update {table} p set street_id = best.street_id
                from (select q.id, b.street_id from {table} q left join best b on b.id = q.id
                      where q.id = any(%s)) best
                where p.id = best.id
                """,
                [list(ids), ADDRESS_STREET_WITHIN_M, list(ids)],
            )
            if table == "addresses_addresspoint":
                cursor.execute(f"select count(*) from {table} where id = any(%s) and street_id is null", [list(ids)])
                unlinked = cursor.fetchone()[0]
        cursor.execute("ANALYZE addresses_addresspoint, addresses_addressrange")
    return unlinked
