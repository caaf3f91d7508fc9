"""A small city in the database for the gazetteer bridge, the API, the command and the widget.

    lat 35.75 ┌──────── region 1 ────────┬──── region 2 ────┐
              │  district 1-1 │ 1-2      │  district 2-1     │
    35.7205   │ ● میدان ونک   │  ┃ کوچه نیلوفر              │
    35.7200   │ ══════ خیابان ولیعصر ═══ │ ═══ خیابان انقلاب ══ ● مترو قلهک (35.725)
              │               │          │        ✚ بیمارستان شهید رجایی (35.71)
    lat 35.70 └─ 51.40 ─── 51.425 ─── 51.45 ─────────── 51.50
"""

from django.contrib.gis.geos import LineString, MultiLineString, MultiPolygon, Point, Polygon

from addresses.models import Alias, City, District, Landmark, Neighbourhood, Region, Street
from addresses.services import address_data_version_bump


def square(x0, y0, x1, y1):
    return MultiPolygon(Polygon(((x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0))), srid=4326)


def line(*points):
    return MultiLineString(LineString(*points, srid=4326), srid=4326)


def build_small_city(*, synthetic_streets: bool = True) -> dict:
    city = City.objects.create(slug="small", name_fa="شهر کوچک")
    r1 = Region.objects.create(city=city, number=1, name_fa="منطقه ۱", geom=square(51.40, 35.70, 51.45, 35.75))
    r2 = Region.objects.create(city=city, number=2, name_fa="منطقه ۲", geom=square(51.45, 35.70, 51.50, 35.75))
    d11 = District.objects.create(region=r1, number=1, code="1-1", name_fa="ناحیه ۱ منطقه ۱",
                                  geom=square(51.40, 35.70, 51.425, 35.75), synthetic=True)
    d12 = District.objects.create(region=r1, number=2, code="1-2", name_fa="ناحیه ۲ منطقه ۱",
                                  geom=square(51.425, 35.70, 51.45, 35.75), synthetic=True)
    d21 = District.objects.create(region=r2, number=1, code="2-1", name_fa="ناحیه ۱ منطقه ۲",
                                  geom=square(51.45, 35.70, 51.50, 35.75), synthetic=True)
    Neighbourhood.objects.create(district=d11, code="1-1-1", name_fa="محله یوسف‌آباد",
                                 geom=square(51.40, 35.70, 51.425, 35.75), synthetic=True)
    valiasr = Street.objects.create(name_fa="خیابان ولیعصر", name_en="Valiasr St", kind="street",
                                    geom=line((51.405, 35.72), (51.425, 35.72), (51.445, 35.72)),
                                    region=r1, district=d11, synthetic=synthetic_streets)
    valiasr.districts.set([d11, d12])
    Alias.objects.create(street=valiasr, name="پهلوی", kind=Alias.Kind.OLD)
    niloufar = Street.objects.create(name_fa="کوچه نیلوفر", kind="alley", parent=valiasr,
                                     geom=line((51.435, 35.72), (51.435, 35.7215)), synthetic=synthetic_streets)
    enghelab = Street.objects.create(name_fa="خیابان انقلاب", kind="street",
                                     geom=line((51.455, 35.72), (51.495, 35.72)), synthetic=synthetic_streets)
    vanak = Landmark.objects.create(name_fa="میدان ونک", kind="square", geom=Point(51.415, 35.7205, srid=4326))
    gholhak = Landmark.objects.create(name_fa="ایستگاه مترو قلهک", kind="metro", subkind="metro_station",
                                      geom=Point(51.47, 35.725, srid=4326))
    Alias.objects.create(landmark=gholhak, name="مترو قلهک")
    hospital = Landmark.objects.create(name_fa="بیمارستان شهید رجایی", kind="landmark", subkind="hospital",
                                       geom=Point(51.48, 35.71, srid=4326))
    address_data_version_bump()
    return {"regions": (r1, r2), "districts": (d11, d12, d21), "valiasr": valiasr, "niloufar": niloufar,
            "enghelab": enghelab, "vanak": vanak, "gholhak": gholhak, "hospital": hospital}
