"""Deterministic synthetic citizen requests (پیام‌های ۱۳۷) over the demo city in ``data/demo``.

Pure Python + shapely (no Django import), so it can run in scripts, tests and management commands alike::

    from datetime import datetime, timezone
    from demo.request_generator import load_demo_city, generate_demo_requests

    city = load_demo_city()                      # data/demo of this repository
    for req in generate_demo_requests(seed=137, count=50_000, now=datetime.now(timezone.utc),
                                      **city.generator_inputs()):
        ...

Every yielded dict has exactly these keys::

    lon, lat                 WGS84, 6 decimals, always inside the district below
    region_no, district_code, neighbourhood_code     point-in-polygon (shapely STRtree)
    category_code            sub-subject code from categories.json, e.g. "urban_services.snow_clearing"
    channel                  phone | app | web | sms | email | letter | in_person | ivr
    urgency                  immediate | trackable
    status                   registered | in_followup | in_response | closed | archived
                             (the values of ``intake.models.Status``)
    created_at               aware UTC datetime, within the 12 months before ``now``
    closed_at                aware UTC datetime (closed/archived only, never after ``now``) or None
    text                     Persian description (templates per sub-subject with variations)
    address_text             Persian address with real street/landmark names near the point
    citizen_phone            "09xxxxxxxxx" from a deterministic pool of ~20,000 citizens (so some repeat)
    citizen_name             Persian full name of that citizen

Patterns built in: spatial hot spots around landmarks, a few chronic problem spots, denser central regions;
hour-of-day peak 10:00–12:00 Tehran time, quiet nights, fewer requests on Fridays and at Nowruz; snow and ice
requests in Dey–Bahman with snow-storm bursts (northern regions first); flooding bursts on and 1–3 days after a
few autumn/spring rain events; seasonal shifts (irrigation and pests in summer, pruning in winter, rough
sleepers in the cold months); statuses consistent with age and the category's SLA.

All names, phone numbers and texts are fictitious. Output order is chronological. The same inputs and seed give
the same sequence.
"""
from __future__ import annotations

import bisect
import json
import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from itertools import accumulate
from pathlib import Path
from typing import Iterator

import shapely
from shapely.geometry import shape

from text.digits import to_persian_digits

DEFAULT_DEMO_DIR = Path(__file__).resolve().parent.parent / "data" / "demo"
TEHRAN_UTC_OFFSET = timedelta(hours=3, minutes=30)  # Iran has no DST since 2022
ZWNJ = "\u200c"

CHANNELS = ["phone", "app", "web", "sms", "email", "letter", "in_person", "ivr"]
CHANNEL_WEIGHTS_DAY = [60, 14, 10, 7, 2, 1.5, 3, 2.5]
CHANNEL_WEIGHTS_NIGHT = [48, 24, 16, 7, 2, 0, 0, 3]
STATUSES = ["registered", "in_followup", "in_response", "closed", "archived"]  # = intake.models.Status

# Tehran local hour-of-day profile (peak 10:00–12:00) and a night-leaning one (noise, drug use …)
HOUR_WEIGHTS = [0.6, 0.4, 0.25, 0.2, 0.2, 0.3, 0.8, 2.0, 4.0, 6.5, 8.8, 9.2, 8.0, 6.5, 5.6, 5.5, 5.0, 4.6,
                4.3, 4.0, 3.6, 3.0, 2.0, 1.2]
HOUR_WEIGHTS_NIGHT = [3.0, 2.4, 1.4, 0.8, 0.4, 0.3, 0.5, 1.0, 1.6, 2.2, 2.8, 2.8, 2.6, 2.4, 2.4, 2.5, 2.6, 2.8,
                      3.2, 3.6, 4.0, 4.4, 4.4, 3.8]
NIGHT_CATEGORIES = {"environment.noise", "social.public_drug_use", "social.rough_sleepers"}

# Requests per km² relative weight by region: central regions are denser.
REGION_DENSITY = {1: 1.3, 2: 1.5, 3: 1.9, 4: 1.5, 5: 1.3, 6: 2.6, 7: 2.4, 8: 1.8, 9: 1.2, 10: 2.2, 11: 2.6,
                  12: 3.0, 13: 1.7, 14: 1.7, 15: 1.3, 16: 1.4, 17: 1.7, 18: 1.0, 19: 1.0, 20: 0.9, 21: 0.45,
                  22: 0.45}
# Regions reported most/least for flooding (30 Aban–2 Azar): 12, 1, 15 most; 13, 21, 20 least.
FLOOD_REGION_FACTOR = {12: 2.5, 1: 2.2, 15: 2.0, 13: 0.5, 21: 0.5, 20: 0.5}

# Jalali month (1 = Farvardin … 10 = Dey, 11 = Bahman, 12 = Esfand) multipliers
WINTER_MULT = {9: 0.15, 10: 1.0, 11: 1.0, 12: 0.2}
RAIN_MULT = {1: 1.0, 2: 0.8, 3: 0.3, 4: 0.04, 5: 0.03, 6: 0.04, 7: 0.4, 8: 1.0, 9: 1.0, 10: 0.8, 11: 0.8, 12: 1.0}
CATEGORY_MONTH_MULT = {
    "green_space.tree_pruning": {8: 1.5, 9: 1.8, 10: 1.8, 11: 1.6, 12: 1.3, 4: 0.6, 5: 0.6, 6: 0.6},
    "green_space.irrigation": {3: 1.4, 4: 2.6, 5: 2.8, 6: 2.2, 7: 1.0, 8: 0.4, 9: 0.2, 10: 0.15, 11: 0.15,
                               12: 0.3},
    "green_space.dry_trees": {4: 1.6, 5: 1.8, 6: 1.6},
    "environment.noise": {3: 1.2, 4: 1.5, 5: 1.5, 6: 1.4, 10: 0.7, 11: 0.7},
    "environment.pest_control": {2: 1.4, 3: 2.0, 4: 2.6, 5: 2.6, 6: 2.0, 9: 0.3, 10: 0.2, 11: 0.2, 12: 0.4},
    "urban_services.bin_odour": {3: 1.5, 4: 2.2, 5: 2.3, 6: 1.8, 10: 0.5, 11: 0.5},
    "urban_services.garbage_collection": {1: 1.2, 4: 1.15, 5: 1.15},
    "urban_services.debris_removal": {12: 1.5, 1: 1.2},
    "urban_services.street_cleaning": {12: 1.3, 8: 1.3, 9: 1.2},
    "urban_services.gutter_dredging": {7: 1.6, 8: 1.8},
    "social.rough_sleepers": {9: 1.8, 10: 2.4, 11: 2.4, 12: 1.5},
    "social.homeless_families": {9: 1.5, 10: 2.0, 11: 2.0},
    "information.traffic_scheme": {7: 1.4, 1: 1.3},
}

# Subjects whose requests gather around certain landmarks, and which landmark subkinds attract them.
HOTSPOT_AFFINITY = {
    "encroachment": (0.45, {"square", "commercial_centre", "shopping_centre", "metro_station", "transport_terminal"}),
    "transport": (0.5, {"transport_terminal", "metro_station", "square"}),
    "markets": (0.65, {"square", "commercial_centre"}),
    "sports_culture": (0.7, {"sports_centre", "cultural_centre", "leisure"}),
    "social": (0.45, {"square", "metro_station", "transport_terminal", "park", "commercial_centre"}),
    "green_space": (0.15, {"park"}),
    "facilities": (0.2, {"park", "square", "metro_station"}),
    "urban_services": (0.08, {"square", "commercial_centre", "shopping_centre", "hospital"}),
    "roads": (0.05, {"square", "hospital", "university"}),
}
# Famous busy places that are always hot spots (matched against landmark names).
PINNED_HOTSPOTS = ["میدان تجریش", "میدان راه آهن", "میدان انقلاب", "میدان امام حسین", "میدان شوش", "میدان ونک",
                   "میدان آزادی", "میدان هفت تیر", "میدان ولی عصر", "میدان فردوسی", "میدان قیام", "میدان محمدیه",
                   "بازاربزرگ خلیج فارس", "بازاربزرگ برلن", "پایانه جنوب ضلع شمال", "ترمینال شرق", "ترمینال غرب",
                   "پارک شهر", "پارک ملت", "میدان بهارستان", "ایستگاه مترو امام خمینی", "ایستگاه مترو تئاتر شهر"]
# Chronic problem spots: (category code, how many spots, street kinds they sit on)
CHRONIC_SPOTS = [
    ("urban_services.street_flooding", 3, ("highway", "street")),
    ("urban_services.debris_removal", 2, ("street", "alley")),
    ("encroachment.street_vendors", 2, ("street", "boulevard")),
    ("urban_services.garbage_collection", 2, ("alley",)),
    ("environment.noise", 1, ("street",)),
    ("environment.stray_dogs", 1, ("alley", "street")),
    ("facilities.street_lighting", 1, ("alley",)),
    ("construction.illegal_construction", 1, ("alley",)),
    ("social.rough_sleepers", 1, ("street", "boulevard")),
    ("roads.excavation_repair", 1, ("street",)),
]
CHRONIC_SHARE = {"urban_services.street_flooding": 0.3}
CHRONIC_DEFAULT_SHARE = 0.2

FIRST_NAMES = ("علی محمد حسین رضا مهدی امیر حمید سعید مجید احمد حسن محسن مصطفی جواد ابراهیم مرتضی یوسف "
               "بهروز فرهاد کامران داوود نادر پرویز هادی وحید رامین سینا آرش بابک کیوان میلاد "
               "فاطمه زهرا مریم زینب معصومه سمیه لیلا نرگس سارا مینا مهسا الهام شیما نسرین فرشته "
               "پروین اعظم طاهره منیژه ژاله شهلا رویا نازنین هانیه کوثر ریحانه فرزانه سپیده").split()
LAST_NAMES = ("احمدی محمدی حسینی رضایی کریمی موسوی جعفری صادقی رحیمی هاشمی قاسمی عباسی نوری کاظمی اکبری "
              "ابراهیمی باقری یزدانی شریفی مرادی زمانی طاهری حیدری نجفی رستمی امینی توکلی بهرامی صالحی غفاری "
              "کیانی منصوری مختاری نظری خلیلی دهقانی عسگری فرجی قربانی میرزایی نادری یوسفی سلطانی جلالی "
              "کرمانی شجاعی افشار بابایی رحمانی عزیزی فاضلی گودرزی لطفی مهدوی همتی ایزدی ترابی حبیبی خسروی "
              "زارعی سعیدی علوی فتحی قنبری نوروزی تهرانی اصفهانی شیرازی تبریزی رشتی کاشانی قزوینی "
              "محمدزاده حسن‌زاده علیزاده قلی‌پور رضاپور نیک‌پور").split()
MOBILE_PREFIXES = ["0912", "0912", "0912", "0919", "0910", "0935", "0936", "0937", "0938", "0939", "0901",
                   "0902", "0903", "0905", "0990", "0991", "0992", "0993", "0921", "0922", "0930", "0933"]

OPENERS = ["", "", "سلام، ", "با سلام، ", "با سلام و احترام، ", "سلام وقت بخیر، ", "ببخشید، "]
CLOSERS = ["", "", " لطفاً رسیدگی کنید.", " لطفاً پیگیری فرمایید.", " ممنون از زحماتتون.",
           " چند بار تماس گرفته‌ام ولی هنوز رسیدگی نشده.", " خواهشمند است دستور رسیدگی صادر فرمایید.",
           " لطفاً سریع‌تر اقدام کنید."]
DURATIONS = ["از دیروز", "از صبح امروز", "چند روز است", "بیش از یک هفته است", "دو هفته است", "مدتی است",
             "از دیشب"]

# Persian description templates per sub-subject (placeholders: {loc} {dur} {line} {region})
TEXTS = {
    "street_cleaning": ["{loc} خیلی کثیف است و {dur} رفتگر نیامده.",
                        "نظافت {loc} انجام نشده و برگ و آشغال کف خیابان جمع شده است.",
                        "درخواست جاروکشی و نظافت {loc} را دارم."],
    "alley_cleaning": ["{loc} {dur} جارو نشده و پر از زباله است.",
                       "نظافت کوچه انجام نمی‌شود؛ {loc} وضع خیلی بدی دارد.",
                       "پاکبان محله {dur} به {loc} سر نزده است."],
    "garbage_collection": ["زباله‌های {loc} {dur} جمع‌آوری نشده و بوی بد می‌دهد.",
                           "کیسه‌های زباله کنار مخزن در {loc} انباشته شده است.",
                           "ماشین حمل زباله {dur} به {loc} نیامده است."],
    "debris_removal": ["مقدار زیادی خاک و نخاله ساختمانی در {loc} تخلیه شده است.",
                       "یک وانت شبانه در {loc} نخاله خالی می‌کند.",
                       "نخاله‌های ساختمانی {dur} در {loc} رها شده و جمع نمی‌شود."],
    "waste_bins": ["مخزن زباله {loc} شکسته است و نیاز به تعویض دارد.",
                   "درخواست نصب سطل زباله در {loc}.",
                   "لطفاً مخزن زباله را از جلوی در منزل در {loc} جابجا کنید."],
    "bin_odour": ["مخازن زباله {loc} بوی بسیار بدی دارند و شسته نمی‌شوند.",
                  "بوی تعفن مخزن زباله در {loc} اهالی را آزار می‌دهد."],
    "street_washing": ["درخواست شستشوی معبر و مخازن زباله در {loc}.",
                       "پیاده‌رو {loc} روغنی و کثیف است و نیاز به شستشو دارد."],
    "gutter_dredging": ["جوی آب {loc} پر از زباله و گل است و لایروبی نشده.",
                        "انهار {loc} مسدود است و با هر بارندگی آب بالا می‌زند.",
                        "درخواست لایروبی جوی {loc} قبل از بارندگی."],
    "street_flooding": ["بر اثر بارندگی {loc} را آب گرفته و عبور ممکن نیست.",
                        "آبگرفتگی شدید در {loc}؛ آب وارد حیاط منازل شده است.",
                        "دریچه آبرو در {loc} گرفته و خیابان آبگرفته است.",
                        "زیرگذر نزدیک {loc} دوباره آبگرفته و خودروها مانده‌اند."],
    "snow_clearing": ["برف {loc} روبیده نشده و رفت‌وآمد سخت است.",
                      "{loc} پر از برف است و خودروها گیر کرده‌اند.",
                      "درخواست برف‌روبی برای {loc}؛ سالمندان نمی‌توانند بیرون بیایند."],
    "salting": ["{loc} یخ زده و بسیار لغزنده است؛ چند نفر زمین خورده‌اند.",
                "درخواست شن و نمک‌پاشی در {loc}.",
                "سربالایی {loc} یخ‌زده است و خودروها سُر می‌خورند."],
    "rodent_baiting": ["تعداد زیادی موش در {loc} دیده می‌شود.",
                       "درخواست طعمه‌گذاری موش در {loc} و جوی‌های اطراف."],
    "graffiti_removal": ["دیوارهای {loc} دیوارنویسی شده است.",
                         "تبلیغات و شماره تلفن روی دیوارهای {loc} نوشته‌اند؛ درخواست پاکسازی."],
    "tree_pruning": ["درختان {loc} نیاز به هرس دارند و شاخه‌ها جلوی چراغ را گرفته‌اند.",
                     "شاخه‌های درخت {loc} وارد حیاط شده است؛ درخواست هرس.",
                     "درخواست هرس درختان باغچه {loc}."],
    "fallen_tree": ["یک درخت بزرگ در {loc} سقوط کرده و راه را بسته است.",
                    "درخت روی خودرو افتاده است؛ {loc}.",
                    "تنه درخت در {loc} شکسته و وسط معبر افتاده است."],
    "tree_power_line": ["شاخه‌های درخت در {loc} با سیم برق برخورد دارد و جرقه می‌زند.",
                        "درخت {loc} روی سیم برق افتاده است."],
    "hazardous_tree": ["درخت کهنسال {loc} کج شده و خطر سقوط دارد.",
                       "تنه درخت {loc} پوسیده و ممکن است روی عابران بیفتد."],
    "dry_trees": ["درختان {loc} خشک شده‌اند.",
                  "چند درخت خشک در {loc} هست که باید جایگزین شوند."],
    "irrigation": ["فضای سبز {loc} {dur} آبیاری نشده است.",
                   "شیر آبیاری فضای سبز در {loc} باز مانده و آب هدر می‌رود."],
    "park_maintenance": ["وسایل بازی کودکان نزدیک {loc} شکسته است.",
                         "چمن و باغچه‌های {loc} رسیدگی نمی‌شود."],
    "illegal_tree_felling": ["در {loc} چند درخت را بدون مجوز قطع کرده‌اند.",
                             "یک نفر در حال قطع درخت جلوی ساختمانی در {loc} است."],
    "asphalt_patching": ["آسفالت {loc} خراب و پر از ترک است.",
                         "درخواست لکه‌گیری آسفالت در {loc}."],
    "excavation_repair": ["محل حفاری لوله‌کشی گاز در {loc} {dur} ترمیم نشده است.",
                          "پس از حفاری مخابرات در {loc} آسفالت ترمیم نشده است.",
                          "ترانشه آب و فاضلاب در {loc} باز مانده است."],
    "potholes": ["چاله بزرگی در {loc} ایجاد شده که به خودروها آسیب می‌زند.",
                 "دست‌انداز خطرناک در {loc}."],
    "sidewalk_repair": ["موزاییک‌های پیاده‌رو {loc} شکسته و عابران زمین می‌خورند.",
                        "پیاده‌رو {loc} ناهموار است و برای ویلچر قابل عبور نیست."],
    "curb_repair": ["جدول کنار خیابان در {loc} شکسته است.",
                    "درخواست جدول‌گذاری در {loc}."],
    "manhole_cover": ["درپوش منهول در {loc} برداشته شده و خطرناک است.",
                      "دریچه فاضلاب در {loc} شکسته است."],
    "speed_bump": ["خودروها با سرعت زیاد از {loc} عبور می‌کنند؛ درخواست نصب سرعت‌گیر داریم.",
                   "جلوی مدرسه در {loc} سرعت‌گیر لازم است."],
    "subsidence": ["بخشی از {loc} فرو نشسته و گودال ایجاد شده است.",
                   "ریزش زمین در {loc}؛ لطفاً فوری بررسی کنید."],
    "street_vendors": ["دستفروشان پیاده‌رو {loc} را اشغال کرده‌اند.",
                       "بساط دستفروشی در {loc} عبور عابران را مختل کرده است."],
    "van_vendors": ["وانت‌های میوه‌فروشی در {loc} پارک می‌کنند و با بلندگو سروصدا دارند.",
                    "وانت‌بارها {loc} را سد کرده‌اند."],
    "shop_encroachment": ["مغازه‌های {loc} اجناس خود را در پیاده‌رو چیده‌اند.",
                          "اصناف {loc} پیاده‌رو را اشغال کرده‌اند و عابران مجبورند از خیابان رد شوند."],
    "construction_materials": ["مصالح ساختمانی در {loc} رها شده و معبر را بسته است.",
                               "شن و ماسه ساختمان در حال ساخت وسط {loc} ریخته شده است."],
    "abandoned_vehicle": ["یک خودروی فرسوده {dur} در {loc} رها شده است.",
                          "خودروی اسقاطی در {loc} جای پارک را گرفته و زیرش زباله جمع شده."],
    "illegal_construction": ["در {loc} بدون پروانه در حال ساخت طبقه اضافه هستند.",
                             "ساخت‌وساز غیرمجاز روی پشت‌بام ساختمانی در {loc}."],
    "site_safety": ["کارگاه ساختمانی {loc} حفاظ ندارد و خطر سقوط مصالح روی عابران هست.",
                    "گودبرداری در {loc} ایمن نیست و دیوار همسایه ترک برداشته است."],
    "illegal_land_use": ["واحد مسکونی در {loc} به کارگاه تبدیل شده است.",
                         "در {loc} یک انبار در ساختمان مسکونی راه‌اندازی کرده‌اند."],
    "unsafe_building": ["ساختمان مخروبه {loc} محل تجمع افراد ناشناس شده و خطر ریزش دارد.",
                        "دیوار ساختمان قدیمی در {loc} در حال ریزش است."],
    "noise": ["صدای کارگاه ساختمانی در {loc} تا نیمه‌شب ادامه دارد.",
              "آلودگی صوتی شدید از یک مغازه در {loc}.",
              "هر شب در {loc} سروصدای زیادی هست و اهالی نمی‌توانند بخوابند."],
    "stray_dogs": ["چند سگ بلاصاحب در {loc} به عابران حمله می‌کنند.",
                   "گله سگ در {loc}؛ بچه‌ها از رفتن به مدرسه می‌ترسند."],
    "dead_animal": ["لاشه یک گربه در {loc} افتاده است.",
                    "لاشه حیوان {dur} در {loc} مانده و بو گرفته است."],
    "air_pollution": ["دود یک کارگاه در {loc} آزاردهنده است.",
                      "در {loc} زباله می‌سوزانند و دود آن وارد خانه‌ها می‌شود."],
    "pest_control": ["سوسک در جوی‌های {loc} زیاد شده است؛ درخواست سم‌پاشی.",
                     "پشه و حشرات در {loc} زیاد شده‌اند."],
    "bus_delay_private": ["اتوبوس‌های خط {line} (بخش خصوصی) در ایستگاه {loc} بیش از نیم ساعت تأخیر دارند.",
                          "اتوبوس خصوصی خط {line} در {loc} توقف نمی‌کند."],
    "bus_delay_public": ["اتوبوس‌های شرکت واحد خط {line} در {loc} دیر می‌رسند.",
                         "سرفاصله اتوبوس خط {line} در ایستگاه {loc} خیلی زیاد است."],
    "taxi_overcharge": ["راننده تاکسی در مسیر {loc} بیشتر از نرخ مصوب کرایه گرفت.",
                        "تاکسی‌های خطی {loc} کرایه را بیش از تعرفه حساب می‌کنند."],
    "taxi_shortage": ["در ساعات اوج در {loc} تاکسی پیدا نمی‌شود.",
                      "کمبود تاکسی در مسیر {loc}."],
    "traffic_light": ["چراغ راهنمایی تقاطع {loc} خاموش است.",
                      "چراغ راهنمایی {loc} چشمک‌زن مانده است."],
    "traffic_signs": ["تابلوی ورود ممنوع در {loc} افتاده است.",
                      "تابلوی نام خیابان در {loc} نصب نشده است."],
    "road_markings": ["خط‌کشی عابر پیاده در {loc} پاک شده است.",
                      "درخواست خط‌کشی معبر در {loc}."],
    "pedestrian_bridge": ["پله برقی پل عابر پیاده {loc} {dur} خراب است.",
                          "پل عابر پیاده {loc} روشنایی ندارد."],
    "illegal_parking": ["خودروها جلوی در پارکینگ در {loc} پارک می‌کنند.",
                        "توقف دوبله خودروها در {loc} ترافیک ایجاد کرده است."],
    "street_lighting": ["چراغ‌های روشنایی {loc} {dur} خاموش است.",
                        "تیر چراغ برق {loc} روشن نمی‌شود و کوچه تاریک است."],
    "park_lighting": ["روشنایی بوستان نزدیک {loc} خاموش است و شب‌ها ناامن شده.",
                      "چراغ‌های پارک {loc} کار نمی‌کند."],
    "street_furniture": ["نیمکت‌های {loc} شکسته است.",
                         "سایبان ایستگاه اتوبوس در {loc} آسیب دیده است."],
    "public_toilet": ["سرویس بهداشتی عمومی {loc} کثیف و غیرقابل استفاده است.",
                      "سرویس بهداشتی {loc} قفل است."],
    "drinking_fountain": ["آبخوری {loc} خراب است.",
                          "آبنمای {loc} آب راکد دارد و بو گرفته است."],
    "rough_sleepers": ["چند نفر کارتن‌خواب در {loc} شب را در سرما می‌گذرانند.",
                       "یک نفر بی‌سرپناه در {loc} خوابیده و حالش خوب نیست."],
    "beggars": ["تکدی‌گری در {loc} زیاد شده است.",
                "متکدیان سر چهارراه {loc} مزاحم رانندگان می‌شوند."],
    "homeless_families": ["یک خانواده با کودک خردسال در {loc} بی‌سرپناه هستند.",
                          "خانواده‌ای بی‌خانمان در {loc} در خودرو زندگی می‌کنند."],
    "child_labour": ["چند کودک کار در {loc} تا دیروقت دستفروشی می‌کنند.",
                     "کودکان کار سر چهارراه {loc}."],
    "public_drug_use": ["تجمع معتادان در {loc}.",
                        "معتادان متجاهر در {loc} باعث ناامنی شده‌اند."],
    "produce_quality": ["میوه‌های غرفه‌های میدان میوه و تره‌بار نزدیک {loc} کیفیت پایینی دارند.",
                        "میوه خراب به من فروختند؛ میدان تره‌بار {loc}."],
    "market_overpricing": ["در میدان تره‌بار {loc} قیمت‌ها بیش از نرخ مصوب است.",
                           "غرفه‌دار میدان میوه {loc} نرخ‌نامه نصب نکرده است."],
    "market_staff": ["برخورد نامناسب غرفه‌دار در میدان میوه و تره‌بار {loc}.",
                     "کارگران میدان تره‌بار {loc} با مشتریان بدرفتاری می‌کنند."],
    "stadium_management": ["برنامه‌ریزی سالن ورزشی نزدیک {loc} نامنظم است.",
                           "ساعات کار ورزشگاه {loc} رعایت نمی‌شود."],
    "stadium_facilities": ["دوش‌های ورزشگاه {loc} آب گرم ندارد.",
                           "زمین چمن ورزشگاه {loc} خراب است."],
    "cultural_centres": ["کلاس‌های فرهنگسرای نزدیک {loc} بدون اطلاع تعطیل شده است.",
                         "سرای محله {loc} ساعت کاری مناسبی ندارد."],
    "contractor_oversight": ["پیمانکار نظافت {loc} کار را درست انجام نمی‌دهد.",
                             "پیمانکار آسفالت {loc} کار را نیمه‌کاره رها کرده است."],
    "contractor_wages": ["کارگران پیمانکار خدمات شهری {loc} چند ماه است حقوق نگرفته‌اند.",
                         "حقوق پاکبانان {loc} پرداخت نشده است."],
    "staff_conduct": ["برخورد نامناسب مأمور شهرداری در {loc}.",
                      "کارمند دفتر خدمات شهرداری نزدیک {loc} پاسخگو نبود."],
    "handling_complaint": ["پیام قبلی من درباره {loc} بدون رسیدگی بسته شده است؛ اعتراض دارم.",
                           "پاسخ داده‌شده به پیامم درباره {loc} درست نیست."],
    "suggestion": ["پیشنهاد می‌کنم در {loc} ایستگاه دوچرخه نصب شود.",
                   "پیشنهاد ایجاد پارک محله‌ای در زمین خالی {loc}.",
                   "پیشنهاد می‌کنم مسیر پیاده‌روی {loc} سنگ‌فرش شود."],
    "thanks": ["از رسیدگی سریع به مشکل {loc} تشکر می‌کنم.",
               "از زحمات پاکبانان {loc} سپاسگزارم."],
    "request_status": ["وضعیت پیامی که هفته گذشته درباره {loc} ثبت کردم چیست؟",
                       "کد رهگیری پیام قبلی را گم کرده‌ام؛ می‌خواهم وضعیت آن را بدانم."],
    "municipal_info": ["ساعت کاری شهرداری ناحیه چیست؟",
                       "برنامه جمع‌آوری پسماند خشک در {loc} چه روزهایی است؟"],
    "permits_fees": ["برای گرفتن پروانه ساخت در {loc} چه مدارکی لازم است؟",
                     "نحوه پرداخت عوارض نوسازی ملک در {loc} چیست؟"],
    "traffic_scheme": ["آیا {loc} داخل محدوده طرح ترافیک است؟",
                       "نحوه خرید طرح ترافیک روزانه چیست؟"],
    "office_addresses": ["نشانی شهرداری منطقه {region} کجاست؟",
                         "دفتر خدمات الکترونیک شهر نزدیک {loc} کجاست؟"],
}
GENERIC_TEXTS = ["درخواست رسیدگی به موضوع «{name}» در {loc}.", "مشکل {name} در {loc} {dur} وجود دارد."]


def gregorian_to_jalali(gy: int, gm: int, gd: int) -> tuple[int, int, int]:
    """Gregorian date -> Jalali (Solar Hijri) (year, month, day)."""
    g_d_m = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]
    gy2 = gy + 1 if gm > 2 else gy
    days = (355666 + 365 * gy + (gy2 + 3) // 4 - (gy2 + 99) // 100 + (gy2 + 399) // 400 + gd + g_d_m[gm - 1])
    jy = -1595 + 33 * (days // 12053)
    days %= 12053
    jy += 4 * (days // 1461)
    days %= 1461
    if days > 365:
        jy += (days - 1) // 365
        days = (days - 1) % 365
    if days < 186:
        jm, jd = 1 + days // 31, 1 + days % 31
    else:
        jm, jd = 7 + (days - 186) // 30, 1 + (days - 186) % 30
    return jy, jm, jd


# --------------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------------

@dataclass
class DemoCity:
    """The demo city as loaded from ``data/demo`` (GeoJSON features and the category tree, unmodified)."""
    regions: list[dict]
    districts: list[dict]
    neighbourhoods: list[dict]
    streets: list[dict]
    landmarks: list[dict]
    categories: dict
    path: Path | None = None
    manifest: dict = field(default_factory=dict)

    def generator_inputs(self) -> dict:
        return {"districts": self.districts, "neighbourhoods": self.neighbourhoods, "landmarks": self.landmarks,
                "streets": self.streets, "categories": self.categories}

    def sub_categories(self) -> list[dict]:
        return _flatten_categories(self.categories)


def _read_json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def load_features(path: Path | str) -> list[dict]:
    return _read_json(Path(path))["features"]


def load_categories(path: Path | str) -> dict:
    return _read_json(Path(path))


def load_demo_city(path: Path | str | None = None) -> DemoCity:
    base = Path(path) if path is not None else DEFAULT_DEMO_DIR
    manifest_path = base / "build_manifest.json"
    return DemoCity(
        regions=load_features(base / "regions.geojson"),
        districts=load_features(base / "districts.geojson"),
        neighbourhoods=load_features(base / "neighbourhoods.geojson"),
        streets=load_features(base / "streets.geojson"),
        landmarks=load_features(base / "landmarks.geojson"),
        categories=load_categories(base / "categories.json"),
        path=base,
        manifest=_read_json(manifest_path) if manifest_path.exists() else {},
    )


def _features(obj) -> list[dict]:
    if obj is None:
        return []
    if isinstance(obj, (str, Path)):
        return load_features(obj)
    if isinstance(obj, dict):
        return obj["features"]
    return list(obj)


def _flatten_categories(categories) -> list[dict]:
    if isinstance(categories, (str, Path)):
        categories = load_categories(categories)
    subjects = categories["subjects"] if isinstance(categories, dict) else categories
    out = []
    for s in subjects:
        for c in s["children"]:
            out.append({**c, "subject_code": s["code"]})
    return out


# --------------------------------------------------------------------------------------------------
# The generator
# --------------------------------------------------------------------------------------------------

class _Spatial:
    """Indexes over the demo city used by the generator."""

    def __init__(self, districts, neighbourhoods, streets, landmarks, rng: random.Random):
        self.d_props = [f["properties"] for f in districts]
        self.d_geoms = [shape(f["geometry"]) for f in districts]
        for g in self.d_geoms:
            shapely.prepare(g)
        self.d_tree = shapely.STRtree(self.d_geoms)
        self.d_index = {p["code"]: i for i, p in enumerate(self.d_props)}

        self.n_props = [f["properties"] for f in neighbourhoods]
        self.n_geoms = [shape(f["geometry"]) for f in neighbourhoods]
        self.n_tree = shapely.STRtree(self.n_geoms) if self.n_geoms else None
        self.n_by_district: dict[str, list[int]] = {}
        for i, p in enumerate(self.n_props):
            self.n_by_district.setdefault(p["district_code"], []).append(i)

        self.s_props = [f["properties"] for f in streets]
        self.s_geoms = [shapely.LineString(f["geometry"]["coordinates"]) for f in streets]
        self.s_tree = shapely.STRtree(self.s_geoms) if self.s_geoms else None
        self.s_by_id = {p["id"]: i for i, p in enumerate(self.s_props)}
        self.children: dict[int, list[int]] = {}
        for i, p in enumerate(self.s_props):
            if p.get("parent_id") and p["parent_id"] in self.s_by_id:
                self.children.setdefault(self.s_by_id[p["parent_id"]], []).append(i)
        # per-district street choice, with a per-street popularity (some streets are hot)
        self.s_by_district: dict[int, tuple[list[int], list[float]]] = {}
        pop = {}
        for i, p in enumerate(self.s_props):
            w = {"alley": 1.0, "street": 1.6, "boulevard": 1.8, "highway": 0.5}.get(p.get("kind"), 1.0)
            pop[i] = w * rng.lognormvariate(0.0, 0.8)
        for i, p in enumerate(self.s_props):
            di = self.d_index.get(p.get("district_code"))
            if di is None:
                continue
            lst = self.s_by_district.setdefault(di, ([], []))
            lst[0].append(i)
            lst[1].append(pop[i])
        self.s_cum = {di: (ids, list(accumulate(ws))) for di, (ids, ws) in self.s_by_district.items()}

        self.l_props = [f["properties"] for f in landmarks]
        self.l_xy = [tuple(f["geometry"]["coordinates"]) for f in landmarks]
        self.l_geoms = shapely.points(self.l_xy) if self.l_xy else []
        self.l_tree = shapely.STRtree(self.l_geoms) if len(self.l_geoms) else None
        self._interior_pool: dict[int, list[tuple[float, float]]] = {}

    def random_point_in_district(self, di: int, rng: random.Random) -> tuple[float, float]:
        pool = self._interior_pool.setdefault(di, [])
        while not pool:
            g = self.d_geoms[di]
            minx, miny, maxx, maxy = g.bounds
            xs = [rng.uniform(minx, maxx) for _ in range(64)]
            ys = [rng.uniform(miny, maxy) for _ in range(64)]
            ok = shapely.contains_xy(g, xs, ys)
            pool.extend((x, y) for x, y, k in zip(xs, ys, ok) if k)
            pool.reverse()
        return pool.pop()

    def locate(self, xs: list[float], ys: list[float]) -> list[int | None]:
        pts = shapely.points(list(zip(xs, ys)))
        src, idx = self.d_tree.query(pts, predicate="intersects")
        out: list[int | None] = [None] * len(xs)
        for s, t in zip(src.tolist(), idx.tolist()):
            if out[s] is None or t < out[s]:
                out[s] = t
        return out

    def neighbourhoods_of(self, xs, ys, district_idx: list[int]) -> list[str | None]:
        if self.n_tree is None:
            return [None] * len(xs)
        pts = shapely.points(list(zip(xs, ys)))
        src, idx = self.n_tree.query(pts, predicate="intersects")
        found: dict[int, int] = {}
        for s, t in zip(src.tolist(), idx.tolist()):
            if self.n_props[t]["district_code"] == self.d_props[district_idx[s]]["code"]:
                if s not in found or t < found[s]:
                    found[s] = t
        out = []
        for i in range(len(xs)):
            if i in found:
                out.append(self.n_props[found[i]]["code"])
                continue
            cands = self.n_by_district.get(self.d_props[district_idx[i]]["code"], [])
            if not cands:
                out.append(None)
                continue
            p = shapely.Point(xs[i], ys[i])
            best = min(cands, key=lambda j: (self.n_geoms[j].distance(p), j))
            out.append(self.n_props[best]["code"])
        return out


def _cum(weights):
    return list(accumulate(weights))


def _pick(rng: random.Random, cum: list[float]) -> int:
    return bisect.bisect_right(cum, rng.random() * cum[-1])


def generate_demo_requests(*, seed: int, count: int, now: datetime, districts=None, landmarks=None, streets=None,
                           categories=None, neighbourhoods=None, city: DemoCity | None = None, days: int = 365,
                           chunk_size: int = 5000) -> Iterator[dict]:
    """Yield ``count`` synthetic requests created during the ``days`` (365) days before ``now``, oldest first.

    ``districts``, ``neighbourhoods``, ``landmarks`` and ``streets`` are GeoJSON FeatureCollections (dicts), lists of
    features or file paths as written by ``demo/city_builder.py``; ``categories`` is the parsed
    ``categories.json`` (or its path). ``city`` (a :class:`DemoCity`) supplies whichever of them is not given.
    Without neighbourhoods the ``neighbourhood_code`` is None.
    """
    if city is not None:
        districts = city.districts if districts is None else districts
        neighbourhoods = city.neighbourhoods if neighbourhoods is None else neighbourhoods
        landmarks = city.landmarks if landmarks is None else landmarks
        streets = city.streets if streets is None else streets
        categories = city.categories if categories is None else categories
    _inputs_check(districts, categories, now, count)
    now = now.astimezone(timezone.utc)
    rng = random.Random(seed)
    cats = _flatten_categories(categories)
    if not cats:
        raise ValueError("no categories")
    sp = _Spatial(_features(districts), _features(neighbourhoods), _features(streets), _features(landmarks),
                  random.Random(f"{seed}:streets"))
    if not sp.d_geoms:
        raise ValueError("no districts")
    gen = _Generation(
        rng=rng, cats=cats, now=now, sp=sp, plan=_TimePlan(rng, cats, now, days),
        places=_Places(sp, cats, random.Random(f"{seed}:places")),
        citizens=_citizen_pool(random.Random(f"{seed}:citizens"), 20_000),
    )
    items = gen.schedule(count)
    for start in range(0, len(items), chunk_size):
        yield from gen.chunk_requests(items[start:start + chunk_size])


def _inputs_check(districts, categories, now: datetime, count: int) -> None:
    if districts is None or categories is None:
        raise ValueError("districts and categories are required (directly or through city=)")
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware (UTC)")
    if count < 0:
        raise ValueError("count must be >= 0")


@dataclass
class _Generation:
    """One run of the generator: its random stream, the city indexes and plans, and the steps of a run."""

    rng: random.Random
    cats: list[dict]
    now: datetime
    sp: _Spatial
    plan: _TimePlan
    places: _Places
    citizens: list[tuple[str, str]]

    def __post_init__(self):
        self.cit_cum = _cum([1.0 / (i + 200) for i in range(len(self.citizens))])  # some report again and again
        self.nb_names = {p["code"]: p["name_fa"] for p in self.sp.n_props}

    def schedule(self, count: int) -> list[tuple[datetime, int, int, int]]:
        """When and what: (created, category, day, hour) sampled jointly, then a time of day; chronological."""
        items = [self._when() for _ in range(count)]
        items.sort(key=lambda t: (t[0], t[1]))
        return items

    def _when(self) -> tuple[datetime, int, int, int]:
        rng, plan = self.rng, self.plan
        day_i, ci = plan.sample(rng)
        hours = HOUR_WEIGHTS_CUM_NIGHT if self.cats[ci]["code"] in NIGHT_CATEGORIES else HOUR_WEIGHTS_CUM
        h = _pick(rng, hours)
        secs = h * 3600 + rng.randrange(3600)
        created = plan.day_start_utc[day_i] + timedelta(seconds=secs)
        if created >= self.now:
            created = self.now - timedelta(seconds=1 + rng.randrange(3600))
        if created < plan.window_start:
            created = plan.window_start + timedelta(seconds=rng.randrange(3600))
        return created, ci, day_i, h

    def chunk_requests(self, chunk: list[tuple[datetime, int, int, int]]) -> Iterator[dict]:
        """Where, who, how for a chunk (vectorised point-in-polygon and nearest-street lookups)."""
        sp = self.sp
        locs = [self.places.sample(self.rng, self.cats[ci], self.plan.jmonth[day_i]) for (_, ci, day_i, _) in chunk]
        xs = [loc[0] for loc in locs]
        ys = [loc[1] for loc in locs]
        d_idx = sp.locate(xs, ys)
        for i, di in enumerate(d_idx):
            if di is None:
                d_idx[i] = self._resample_inside(chunk[i], i, xs, ys, locs)
        for i in range(len(xs)):
            self._round_inside(i, d_idx[i], xs, ys, locs)
        n_codes = sp.neighbourhoods_of(xs, ys, d_idx)
        streets = self._streets(xs, ys, [loc[2] for loc in locs])
        landmarks = self._landmarks(xs, ys)
        for i, item in enumerate(chunk):
            yield self._request(item, xs[i], ys[i], d_idx[i], n_codes[i], streets[i], landmarks[i])

    def _resample_inside(self, item, i: int, xs: list, ys: list, locs: list) -> int:
        """A point outside every district (jitter past the city edge): resampled, at last inside the nearest."""
        sp = self.sp
        for _try in range(3):
            loc = self.places.sample(self.rng, self.cats[item[1]], self.plan.jmonth[item[2]])
            xs[i], ys[i] = loc[0], loc[1]
            locs[i] = loc
            di = sp.locate([xs[i]], [ys[i]])[0]
            if di is not None:
                return di
        near = int(sp.d_tree.query_nearest(shapely.Point(xs[i], ys[i]), all_matches=False)[0])
        xs[i], ys[i] = sp.random_point_in_district(near, self.rng)
        locs[i] = (xs[i], ys[i], None)
        return near

    def _round_inside(self, i: int, di: int, xs: list, ys: list, locs: list) -> None:
        """Coordinates are rounded for output: make sure the rounded point is still in its district."""
        sp = self.sp
        rx, ry = round(xs[i], 6), round(ys[i], 6)
        if not shapely.intersects_xy(sp.d_geoms[di], rx, ry):
            rx, ry = sp.random_point_in_district(di, self.rng)
            rx, ry = round(rx, 6), round(ry, 6)
            if not shapely.intersects_xy(sp.d_geoms[di], rx, ry):
                c = sp.d_geoms[di].representative_point()
                rx, ry = c.x, c.y
            locs[i] = (rx, ry, None)
        xs[i], ys[i] = rx, ry

    def _streets(self, xs: list, ys: list, known: list[int | None]) -> list[int | None]:
        """The street each point was placed on, or the nearest one."""
        need = [i for i, s in enumerate(known) if s is None]
        if need and self.sp.s_tree is not None:
            pts = shapely.points([(xs[i], ys[i]) for i in need])
            src, idx = self.sp.s_tree.query_nearest(pts, all_matches=False)
            for s, t in zip(src.tolist(), idx.tolist()):
                known[need[s]] = t
        return known

    def _landmarks(self, xs: list, ys: list) -> list[int | None]:
        """The landmark near each point (within ~350 m), if any."""
        near: list[int | None] = [None] * len(xs)
        if self.sp.l_tree is not None:
            pts = shapely.points(list(zip(xs, ys)))
            src, idx = self.sp.l_tree.query_nearest(pts, max_distance=0.0035, all_matches=False)
            for s, t in zip(src.tolist(), idx.tolist()):
                near[s] = t
        return near

    def _request(self, item, x: float, y: float, di: int, n_code: str | None, si: int | None,
                 li: int | None) -> dict:
        rng = self.rng
        created, ci, _day_i, hour = item
        cat = self.cats[ci]
        dprops = self.sp.d_props[di]
        nb_name = self.nb_names.get(n_code) if n_code is not None else None
        address, loc_phrase = _address(rng, self.sp, si, li, nb_name)
        urgency = cat.get("urgency_default", "trackable")
        if urgency == "trackable" and rng.random() < 0.03:
            urgency = "immediate"  # the operator could answer on the call
        status, closed_at = _status(rng, cat, urgency, created, self.now)
        channel = _channel(rng, urgency, hour)
        cz = self.citizens[_pick(rng, self.cit_cum)]
        return {
            "lon": x,
            "lat": y,
            "region_no": dprops["region_no"],
            "district_code": dprops["code"],
            "neighbourhood_code": n_code,
            "category_code": cat["code"],
            "channel": channel,
            "urgency": urgency,
            "status": status,
            "created_at": created,
            "closed_at": closed_at,
            "text": _text(rng, cat, loc_phrase, dprops["region_no"]),
            "address_text": address,
            "citizen_phone": cz[0],
            "citizen_name": cz[1],
        }


def _channel(rng: random.Random, urgency: str, hour: int) -> str:
    """Immediate messages mostly come by phone; otherwise the day's or the night's channel mix."""
    night = hour >= 22 or hour < 6
    if urgency == "immediate" and rng.random() < 0.5:
        return "phone" if rng.random() < 0.85 else "ivr"
    return CHANNELS[_pick(rng, CHANNEL_CUM_NIGHT if night else CHANNEL_CUM_DAY)]


HOUR_WEIGHTS_CUM = _cum(HOUR_WEIGHTS)
HOUR_WEIGHTS_CUM_NIGHT = _cum(HOUR_WEIGHTS_NIGHT)
CHANNEL_CUM_DAY = _cum(CHANNEL_WEIGHTS_DAY)
CHANNEL_CUM_NIGHT = _cum(CHANNEL_WEIGHTS_NIGHT)


# extra requests (per 1200 of the base weight) on a rain day and the days after it
RAIN_BURST = [("urban_services.street_flooding", 200), ("urban_services.gutter_dredging", 45),
              ("green_space.fallen_tree", 12), ("roads.potholes", 10), ("roads.subsidence", 3)]
# … and on a snow storm's days, following the snow or the ice curve
SNOW_BURST = [("urban_services.snow_clearing", 320, "snow"), ("urban_services.salting", 160, "ice"),
              ("green_space.fallen_tree", 40, "snow"), ("green_space.tree_power_line", 45, "snow"),
              ("green_space.hazardous_tree", 50, "snow"), ("social.rough_sleepers", 12, "snow")]


class _TimePlan:
    """Joint (day, category) weights over the window: weekday/holiday factors, seasons and weather events."""

    def __init__(self, rng: random.Random, cats: list[dict], now: datetime, days: int):
        self.window_start = now - timedelta(days=days)
        first = (self.window_start + TEHRAN_UTC_OFFSET).date()
        last = (now + TEHRAN_UTC_OFFSET).date()
        self.dates: list[date] = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        self.day_start_utc = [datetime(d.year, d.month, d.day, tzinfo=timezone.utc) - TEHRAN_UTC_OFFSET
                              for d in self.dates]
        jal = [gregorian_to_jalali(d.year, d.month, d.day) for d in self.dates]
        self.jmonth = [j[1] for j in jal]
        # share of each day inside the window (first/last day partial)
        self.cover = [self._cover(i, now) for i in range(len(self.dates))]
        self.codes = [c["code"] for c in cats]
        self.base = [float(c.get("weight", 1.0)) for c in cats]
        self.W = self._weights(cats, [self._day_factor(i, jal[i]) for i in range(len(self.dates))])
        self.total_base = sum(self.base)
        self.idx = {code: ci for ci, code in enumerate(self.codes)}
        self.rain_events: list[tuple[date, float, int]] = []
        self.snow_events: list[tuple[date, float]] = []
        self._rain(rng)
        self._snow(rng)
        flat = [w for row in self.W for w in row]
        self.cum = list(accumulate(flat))
        self.k = len(cats)

    def _cover(self, i: int, now: datetime) -> float:
        s = max(self.day_start_utc[i], self.window_start)
        e = min(self.day_start_utc[i] + timedelta(days=1), now)
        return max(0.0, (e - s).total_seconds() / 86400)

    def _day_factor(self, i: int, jalali: tuple[int, int, int]) -> float:
        """Fewer requests on Fridays (Thursdays) and at Nowruz, more as the year goes on."""
        n = len(self.dates)
        f = {4: 0.45, 3: 0.8, 5: 1.05}.get(self.dates[i].weekday(), 1.0)  # Monday 0 … Friday 4
        jm, jd = jalali[1], jalali[2]
        if jm == 1 and jd <= 4:
            f *= 0.35
        elif jm == 1 and jd <= 13:
            f *= 0.65
        f *= 1.0 + 0.15 * i / max(1, n - 1)  # requests grow over the year
        return f * self.cover[i]

    def _weights(self, cats: list[dict], day_factor: list[float]) -> list[list[float]]:
        """The (day, category) weight: the day's factor × the category's weight × its season in that month."""
        months = [[self._season(c, ci, jm) for ci, c in enumerate(cats)] for jm in self.jmonth]
        return [[day_factor[i] * self.base[ci] * months[i][ci] for ci in range(len(cats))]
                for i in range(len(self.dates))]

    def _season(self, cat: dict, ci: int, jm: int) -> float:
        season = cat.get("season")
        m = 1.0
        if season == "winter":
            m = WINTER_MULT.get(jm, 0.0)
        elif season == "rain":
            m = RAIN_MULT.get(jm, 1.0)
        return m * CATEGORY_MONTH_MULT.get(self.codes[ci], {}).get(jm, 1.0)

    def _bump(self, day: int, code: str, amount: float) -> None:
        ci = self.idx.get(code)
        if ci is None or not (0 <= day < len(self.dates)) or self.cover[day] == 0:
            return
        self.W[day][ci] += amount * self.total_base / 1200.0 * self.cover[day]

    def _event_days(self, rng: random.Random, months: tuple[int, ...], k: int) -> list[int]:
        cands = [i for i in range(len(self.dates)) if self.jmonth[i] in months and self.cover[i] > 0.5]
        return _spread_pick(rng, cands, k)

    def _rain(self, rng: random.Random) -> None:
        """Rain events: a few in autumn (Aban–Azar) and spring (Esfand–Ordibehesht), one in Dey."""
        decay = [1.0, 0.55, 0.25, 0.1]
        for months, k in (((8, 9), 3), ((12, 1, 2), 3), ((10,), 1)):
            for j, e in enumerate(self._event_days(rng, months, k)):
                intensity = rng.uniform(0.6, 1.3) if j else rng.uniform(1.3, 1.9)
                lag_days = rng.choice([1, 2, 3])  # the burst runs on the rain day and 1–3 days after
                self.rain_events.append((self.dates[e], intensity, lag_days))
                for off in range(lag_days + 1):
                    for code, amount in RAIN_BURST:
                        self._bump(e + off, code, amount * intensity * decay[off])

    def _snow(self, rng: random.Random) -> None:
        """Snow storms in Dey–Bahman (the first one is the big one)."""
        curves = {"snow": [1.0, 0.7, 0.35, 0.15], "ice": [0.5, 1.0, 0.6, 0.25]}
        for j, e in enumerate(self._event_days(rng, (10, 11), 3)):
            intensity = rng.uniform(1.4, 2.0) if j == 0 else rng.uniform(0.5, 1.1)
            self.snow_events.append((self.dates[e], intensity))
            for off in range(4):
                for code, amount, curve in SNOW_BURST:
                    self._bump(e + off, code, amount * intensity * curves[curve][off])

    def sample(self, rng: random.Random) -> tuple[int, int]:
        j = bisect.bisect_right(self.cum, rng.random() * self.cum[-1])
        j = min(j, len(self.cum) - 1)
        return divmod(j, self.k)


def _spread_pick(rng: random.Random, cands: list[int], k: int) -> list[int]:
    """k distinct days from cands, at least 5 days apart when possible."""
    picked: list[int] = []
    pool = list(cands)
    rng.shuffle(pool)
    for c in pool:
        if len(picked) >= k:
            break
        if all(abs(c - p) >= 5 for p in picked):
            picked.append(c)
    return sorted(picked)


class _Places:
    """Where a request of a given category comes from: chronic spot, hot spot, a street, or anywhere."""

    def __init__(self, sp: _Spatial, cats: list[dict], rng: random.Random):
        self.sp = sp
        self._district_weights(rng)
        self.hot = self._hot_spots(rng)
        self.chronic = self._chronic_spots(cats, rng)

    def _district_weights(self, rng: random.Random) -> None:
        """District weights: area × regional density × a random local factor; skewed for winter (north),
        floods and central subjects."""
        sp = self.sp
        base = []
        for i, g in enumerate(sp.d_geoms):
            p = sp.d_props[i]
            lat = g.centroid.y
            km2 = g.area * (111.32 * math.cos(math.radians(lat))) * 110.57
            base.append(km2 ** 0.85 * REGION_DENSITY.get(p["region_no"], 1.0) * rng.lognormvariate(0, 0.35))
        self.d_base = base
        self.d_lat = [g.centroid.y for g in sp.d_geoms]
        self.d_cum_default = _cum(base)
        winter = [w * min(2.5, max(0.4, 1 + 8 * (lat - 35.66))) for w, lat in zip(base, self.d_lat)]
        flood = [w * FLOOD_REGION_FACTOR.get(sp.d_props[i]["region_no"], 1.0) for i, w in enumerate(base)]
        central = [w * (1.8 if sp.d_props[i]["region_no"] in (6, 7, 11, 12) else 1.0) for i, w in enumerate(base)]
        self.d_cum_winter, self.d_cum_flood, self.d_cum_central = _cum(winter), _cum(flood), _cum(central)

    def _hot_spots(self, rng: random.Random) -> dict[str, tuple[list[tuple[int, float]], list[float]]]:
        """Per subject: landmarks of its kinds (the pinned ones weigh more), each with a spread in metres."""
        l_props = self.sp.l_props
        name_to_l = {}
        for li, p in enumerate(l_props):
            name_to_l.setdefault(p["name_fa"], li)
        pinned = [name_to_l[n] for n in PINNED_HOTSPOTS if n in name_to_l]
        hot = {}
        for subject, (_, subkinds) in sorted(HOTSPOT_AFFINITY.items()):
            cands = [li for li, p in enumerate(l_props) if p.get("subkind") in subkinds
                     and p.get("region_no") is not None]
            rng.shuffle(cands)
            chosen = sorted(set(cands[:30]) | {li for li in pinned if l_props[li].get("subkind") in subkinds})
            spots = [(li, rng.uniform(60, 220)) for li in chosen]
            weights = [rng.lognormvariate(0, 0.9) * (3.0 if li in pinned else 1.0) for li, _ in spots]
            if spots:
                hot[subject] = (spots, _cum(weights))
        return hot

    def _chronic_spots(self, cats: list[dict], rng: random.Random) -> dict[str, list[tuple[float, float, int]]]:
        """Chronic problem spots on streets of the right kinds, per category."""
        sp = self.sp
        chronic: dict[str, list[tuple[float, float, int]]] = {}
        all_codes = {c["code"] for c in cats}
        for code, k, kinds in CHRONIC_SPOTS:
            cands = [i for i, p in enumerate(sp.s_props) if p.get("kind") in kinds] if code in all_codes else []
            for _ in range(k if cands else 0):
                si = cands[rng.randrange(len(cands))]
                pt = shapely.line_interpolate_point(sp.s_geoms[si], rng.uniform(0.2, 0.8), normalized=True)
                chronic.setdefault(code, []).append((pt.x, pt.y, si))
        return chronic

    def _district_cum(self, cat: dict) -> list[float]:
        if cat.get("season") == "winter" or cat["code"].startswith("green_space.") and cat["code"].endswith("tree"):
            return self.d_cum_winter
        if cat.get("season") == "rain":
            return self.d_cum_flood
        if cat["subject_code"] in ("encroachment", "markets", "social"):
            return self.d_cum_central
        return self.d_cum_default

    def sample(self, rng: random.Random, cat: dict, jmonth: int) -> tuple[float, float, int | None]:
        sp = self.sp
        code = cat["code"]
        spots = self.chronic.get(code)
        if spots and rng.random() < CHRONIC_SHARE.get(code, CHRONIC_DEFAULT_SHARE):
            x, y, si = spots[rng.randrange(len(spots))]
            return _jitter(rng, x, y, 12.0) + (si,)
        subject = cat["subject_code"]
        hot = self.hot.get(subject)
        if hot and rng.random() < HOTSPOT_AFFINITY[subject][0]:
            spots_, cum = hot
            li, sigma = spots_[_pick(rng, cum)]
            x, y = sp.l_xy[li]
            return _jitter(rng, x, y, sigma) + (None,)
        di = _pick(rng, self._district_cum(cat))
        di = min(di, len(sp.d_geoms) - 1)
        if di in sp.s_cum and rng.random() < 0.75:
            ids, cum = sp.s_cum[di]
            si = ids[min(_pick(rng, cum), len(ids) - 1)]
            pt = shapely.line_interpolate_point(sp.s_geoms[si], rng.random(), normalized=True)
            x, y = _jitter(rng, pt.x, pt.y, 8.0)
            return x, y, si
        x, y = sp.random_point_in_district(di, rng)
        return x, y, None


def _jitter(rng: random.Random, x: float, y: float, sigma_m: float) -> tuple[float, float]:
    mx = 111_320.0 * math.cos(math.radians(y))
    return x + rng.gauss(0, sigma_m) / mx, y + rng.gauss(0, sigma_m) / 110_574.0


def _citizen_pool(rng: random.Random, n: int) -> list[tuple[str, str]]:
    seen: set[str] = set()
    out = []
    while len(out) < n:
        phone = rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10_000_000):07d}"
        if phone in seen:
            continue
        seen.add(phone)
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        out.append((phone, name))
    return out


def _strip_type(name: str) -> tuple[str, str]:
    for t in ("خیابان", "بلوار", "بزرگراه", "کوچه", "بن" + ZWNJ + "بست"):
        if name.startswith(t + " "):
            return t, name[len(t) + 1:]
    return "", name


ABBREV = {"خیابان": "خ", "کوچه": "ک", "بلوار": "بل", "میدان": "م"}


def _address(rng: random.Random, sp: _Spatial, si: int | None, li: int | None, nb_name: str | None):
    """(address_text, short location phrase for the description)."""
    main, alley = _street_names(rng, sp, si)
    lm = sp.l_props[li]["name_fa"] if li is not None else None
    plate = to_persian_digits(rng.choice([rng.randint(1, 40), rng.randint(1, 40), rng.randint(1, 260)]))
    parts: list[str] = []
    r = rng.random()
    if lm and (main is None or r < 0.3):
        rel = rng.choice(["جنب", "روبروی", "نرسیده به", "بعد از", "نزدیک", "پشت"])
        parts.append(f"{rel} {lm}")
    if nb_name and rng.random() < 0.15:
        parts.insert(0, f"محله {nb_name}")
    parts.extend(_street_parts(rng, main, alley, plate))
    if not parts:
        parts.append("نشانی نامشخص")
    return "، ".join(parts), _location_phrase(rng, main, alley, lm, plate)


def _street_names(rng: random.Random, sp: _Spatial, si: int | None) -> tuple[str | None, str | None]:
    """(main street, alley) of the street a request is on: an alley's parent, or sometimes a street's alley."""
    if si is None:
        return None, None
    p = sp.s_props[si]
    if p.get("kind") == "alley":
        parent = sp.s_by_id.get(p.get("parent_id"))
        return (sp.s_props[parent]["name_fa"] if parent is not None else None), p["name_fa"]
    kids = sp.children.get(si)
    if kids and rng.random() < 0.55:
        return p["name_fa"], sp.s_props[kids[rng.randrange(len(kids))]]["name_fa"]
    return p["name_fa"], None


def _street_parts(rng: random.Random, main: str | None, alley: str | None, plate: str) -> list[str]:
    """The street, alley and plate parts of an address, sometimes abbreviated (خ، ک، پ)."""
    parts = []
    abbreviate = rng.random() < 0.12
    if main:
        parts.append(_abbrev_det(main) if abbreviate else main)
    if alley:
        if rng.random() < 0.2:
            parts.append(f"نبش {alley}")
        else:
            parts.append(_abbrev_det(alley) if abbreviate else alley)
            parts.append(f"پ {plate}" if abbreviate else f"پلاک {plate}")
    elif main and rng.random() < 0.5:
        parts.append(f"پلاک {plate}")
    return parts


def _location_phrase(rng: random.Random, main: str | None, alley: str | None, lm: str | None, plate: str) -> str:
    """The short phrase for the place used inside the description."""
    if alley and rng.random() < 0.6:
        loc = alley
    elif main and rng.random() < 0.7:
        loc = main
    elif lm:
        loc = f"نزدیک {lm}"
    elif main:
        loc = main
    else:
        loc = "محله ما"
    if rng.random() < 0.12 and main:
        loc = f"جلوی پلاک {plate} {main}"
    return loc


def _abbrev_det(name: str) -> str:
    t, rest = _strip_type(name)
    if t in ABBREV:
        return f"{ABBREV[t]} {rest}"
    return name


def _text(rng: random.Random, cat: dict, loc: str, region_no: int) -> str:
    key = cat["code"].split(".", 1)[-1]
    templates = TEXTS.get(key) or GENERIC_TEXTS
    body = rng.choice(templates).format(
        loc=loc, dur=rng.choice(DURATIONS), line=to_persian_digits(rng.randint(1, 420)),
        region=to_persian_digits(region_no),
        name=cat.get("name_fa", ""))
    return (rng.choice(OPENERS) + body + rng.choice(CLOSERS)).strip()


def _status(rng: random.Random, cat: dict, urgency: str, created: datetime, now: datetime):
    if urgency == "immediate":
        closed = created + timedelta(seconds=rng.randint(60, 600))
        if closed > now:
            return "in_response", None
        return ("archived" if (now - closed).days > 60 and rng.random() < 0.8 else "closed"), closed
    sla = float(cat.get("sla_hours") or 72)
    r = rng.random()
    late = rng.uniform(3, 12) if r < 0.12 else rng.uniform(20, 120) if r < 0.15 else 1.0  # overdue / stuck
    hours = max(0.25, sla * rng.lognormvariate(-0.3, 0.6) * late)
    closed = created + timedelta(seconds=round(hours * 3600))
    if closed <= now:
        if (now - closed).days > 60 and rng.random() < 0.8:
            return "archived", closed
        return "closed", closed
    age_h = (now - created).total_seconds() / 3600
    frac = age_h / max(sla, 1.0)
    if frac < 0.1 or age_h < 0.5:
        return "registered", None
    if frac < 0.7:
        return ("in_followup" if rng.random() < 0.75 else "registered"), None
    return ("in_response" if rng.random() < 0.6 else "in_followup"), None


__all__ = ["DemoCity", "load_demo_city", "load_features", "load_categories", "generate_demo_requests",
           "gregorian_to_jalali", "DEFAULT_DEMO_DIR", "CHANNELS", "STATUSES"]
