#!/usr/bin/env python3
"""Build the demo city (Tehran) reproducibly from /work/shared/data.

    python -m demo.city_builder --shared ../shared/data --out data/demo

Writes into ``--out``:

* ``regions.geojson``        the 22 real municipal regions (OSM, ODbL), geometry copied (snapped to 1e-6 deg)
* ``districts.geojson``      synthetic districts (نواحی), a k-means/Voronoi partition of every region
* ``neighbourhoods.geojson`` synthetic neighbourhoods (محلات), the same partition of every district
* ``streets.geojson``        synthetic street network: arteries routed through real landmarks, side streets, alleys
* ``landmarks.geojson``      all 904 places + all 150 metro stations (real points)
* ``categories.json``        the two-level request category tree (موضوع → زیرموضوع)
* ``PROVENANCE.md``          sources, licences, what is synthetic and how to rebuild
* ``build_manifest.json``    sha256 of every output file plus the library versions used

Deterministic: fixed seeds (string seeds -> ``random.Random`` is stable across runs and platforms), sorted inputs,
stable output order, coordinates snapped to a 1e-6 degree grid and written with 6 decimals. Two runs with the
same shapely/GEOS versions produce byte-identical files.

Only the standard library, shapely 2 and the project's pure-Python ``text`` package are used.
Run with ``--help`` for options.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import re
import sys
import time
from pathlib import Path

import shapely
from shapely.geometry import LineString, MultiPoint, Point, mapping, shape
from shapely.geometry.polygon import orient

from text.digits import to_persian_digits

SEED = "tehran-demo-city-v1"
GRID = 1e-6  # degrees; all synthetic geometry is snapped to this grid (~0.1 m)
ZWNJ = "\u200c"
M_PER_DEG_LAT = 110_574.0
M_PER_DEG_LON_EQ = 111_320.0

REPO_ROOT = Path(__file__).resolve().parent.parent

# Known district (ناحیه) counts; the rest get 4–7 so that the city totals EXPECTED_DISTRICTS.
KNOWN_DISTRICT_COUNTS = {1: 10, 5: 7, 6: 6, 8: 3, 10: 3, 22: 4}
EXPECTED_DISTRICTS = 122
EXPECTED_NEIGHBOURHOODS = 374


def zw(text: str) -> str:
    """Name pools below write the zero-width non-joiner (نیم‌فاصله) as ``_`` for legibility."""
    return text.replace("_", ZWNJ)


def rng_for(*parts) -> random.Random:
    """A stable, independent random stream per build stage (str seeds are hashed with sha512)."""
    return random.Random(":".join([SEED, *map(str, parts)]))


# --------------------------------------------------------------------------------------------------
# Name pools ("persian|english" per entry, ``_`` = ZWNJ)
# --------------------------------------------------------------------------------------------------

# Neighbourhood names, grouped by the region where a neighbourhood of that name (or a place of that name) lies.
# Synthetic polygons get these names; a name whose landmark (e.g. «میدان ونک», metro «قلهک») lies inside the
# region is given to the neighbourhood containing that landmark.
NEIGHBOURHOOD_POOL = {
    1: """تجریش|Tajrish; دربند|Darband; نیاوران|Niavaran; فرمانیه|Farmanieh; زعفرانیه|Zafaranieh; ولنجک|Velenjak;
          الهیه|Elahieh; قیطریه|Gheytarieh; چیذر|Chizar; دزاشیب|Dezashib; جماران|Jamaran; اوین|Evin; دارآباد|Darabad;
          اقدسیه|Aghdasieh; کامرانیه|Kamranieh; سوهانک|Sohanak; ازگل|Ozgol; حصاربوعلی|Hesar-e Bu Ali;
          محمودیه|Mahmoudieh; شهرک نفت|Shahrak-e Naft; باغ فردوس|Bagh-e Ferdows; گلاب_دره|Golab Darreh;
          جعفرآباد|Jafarabad; امامزاده قاسم|Emamzadeh Ghasem; سعدآباد|Saadabad; کاشانک|Kashanak;
          پاسداران شمالی|Pasdaran-e Shomali; دیباجی|Dibaji; شهرک محلاتی|Shahrak-e Mahallati;
          شهرک قائم|Shahrak-e Ghaem""",
    2: """سعادت_آباد|Saadatabad; شهرک غرب|Shahrak-e Gharb; طرشت|Tarasht; شهرآرا|Shahrara; کوی نصر|Kuy-e Nasr;
          فرحزادی|Farahzadi; مرزداران|Marzdaran; ایوانک|Ivanak; درکه|Darakeh; تهران ویلا|Tehran Villa;
          شهرک آزمایش|Shahrak-e Azmayesh; پردیسان|Pardisan; دریا|Darya; صادقیه شمالی|Sadeghieh-e Shomali;
          زنجان شمالی|Zanjan-e Shomali; توحید|Towhid; شهرک پاسارگاد|Shahrak-e Pasargad; کوهسار|Kuhsar""",
    3: """ونک|Vanak; دروس|Darrus; قلهک|Gholhak; ظفر|Zafar; جردن|Jordan; آرارات|Ararat; اختیاریه|Ekhtiarieh;
          زرگنده|Zargandeh; رستم_آباد|Rostamabad; داوودیه|Davoudieh; میرداماد|Mirdamad; امانیه|Amanieh;
          ملاصدرا|Mollasadra; سید خندان|Seyyed Khandan; حسن_آباد زرگنده|Hasanabad-e Zargandeh; احتشامیه|Ehteshamieh""",
    4: """تهرانپارس|Tehranpars; مجیدیه|Majidieh; شمیران_نو|Shemiran-e No; حکیمیه|Hakimieh; لویزان|Lavizan;
          قنات کوثر|Ghanat-e Kowsar; شمس_آباد|Shamsabad; خاک سفید|Khak-e Sefid; مبارک_آباد|Mobarakabad;
          اوقاف|Owghaf; کاظم_آباد|Kazemabad; جوادیه تهرانپارس|Javadieh-ye Tehranpars; حسین_آباد|Hosseinabad;
          ضرابخانه|Zarrabkhaneh; پاسداران|Pasdaran; علم و صنعت|Elm-o Sanat; قاسم_آباد|Ghasemabad;
          نارمک شمالی|Narmak-e Shomali; شیان|Shian; کوهک|Kuhak; کوی سیزده آبان|Kuy-e Sizdah Aban""",
    5: """شهران|Shahran; پونک|Pounak; جنت_آباد|Jannatabad; اکباتان|Ekbatan; باغ فیض|Bagh-e Feyz; شهرزیبا|Shahr-e Ziba;
          سازمان برنامه|Sazman-e Barnameh; المهدی|Al-Mahdi; بهاران|Baharan; حصارک|Hesarak; کن|Kan;
          مرادآباد|Moradabad; اندیشه|Andisheh; ارم|Eram; بیمه|Bimeh; سازمان آب|Sazman-e Ab;
          کوهسار شهران|Kuhsar-e Shahran;
          فردوس|Ferdows; اباذر|Abazar; شاهین|Shahin; چهارباغ|Chaharbagh; شهرک نفت غرب|Shahrak-e Naft-e Gharb""",
    6: """یوسف_آباد|Yousefabad; امیرآباد|Amirabad; ساعی|Saei; فاطمی|Fatemi; جهاد|Jahad; نصرت|Nosrat;
          ایرانشهر|Iranshahr; بهجت_آباد|Behjatabad; قزل_قلعه|Ghezel Ghaleh; کشاورز|Keshavarz; لاله|Laleh;
          کارگر شمالی|Kargar-e Shomali; دانشگاه تهران|Daneshgah-e Tehran; آرژانتین|Argentina; هفت تیر|Haft-e Tir;
          ولیعصر|Valiasr; بلوار|Boulevard; جمالزاده|Jamalzadeh; گاندی|Gandhi""",
    7: """سهروردی|Sohrevardi; قصر|Ghasr; نیلوفر|Niloufar; عباس_آباد|Abbasabad; خواجه نصیر|Khajeh Nasir; بهار|Bahar;
          ارامنه|Armenian Quarter; گرگان|Gorgan; نظام_آباد|Nezamabad; شارق|Shareq; کاج|Kaj; دبستان|Dabestan;
          امجدیه|Amjadieh; شیخ صفی|Sheikh Safi; حشمتیه|Heshmatieh; باغ صبا|Bagh-e Saba""",
    8: """نارمک|Narmak; تهرانپارس غربی|Tehranpars-e Gharbi; هفت حوض|Haft Hoz; دردشت|Dardasht; وحیدیه|Vahidieh;
          زرکش|Zarkesh; لشکر|Lashkar; مدائن|Madaen; فدک|Fadak; تسلیحات|Taslihat; جانبازان|Janbazan; کرمان|Kerman""",
    9: """فتح|Fath; مهرآباد جنوبی|Mehrabad-e Jonubi; استاد معین|Ostad Moein; دکتر هوشیار|Dr Houshyar;
          شمشیری|Shamshiri; دستغیب|Dastgheib; امامزاده عبدالله|Emamzadeh Abdollah;
          سرآسیاب مهرآباد|Sarasiab-e Mehrabad""",
    10: """سلسبیل|Salsabil; جی|Jey; هاشمی|Hashemi; زنجان|Zanjan; کارون|Karun; بریانک|Beryanak; قصرالدشت|Ghasr-od-Dasht;
           هفت چنار|Haft Chenar; زنجان جنوبی|Zanjan-e Jonubi; دامپزشکی|Dampezeshki""",
    11: """منیریه|Monirieh; امیریه|Amirieh; جمهوری|Jomhouri; حسن_آباد|Hasanabad; آذربایجان|Azarbaijan;
           راه_آهن|Rah Ahan; شیخ هادی|Sheikh Hadi; انبار نفت|Anbar-e Naft; عباسی|Abbasi; هلال احمر|Helal-e Ahmar;
           قلمستان|Ghalamestan; مختاری|Mokhtari; آگاهی|Agahi; فروزش|Forouzesh; ابوسعید|Abu Saeed""",
    12: """بازار|Bazaar; پامنار|Pamenar; سنگلج|Sanglaj; عودلاجان|Oudlajan; ارگ|Arg; امامزاده یحیی|Emamzadeh Yahya;
           بهارستان|Baharestan; سرچشمه|Sarcheshmeh; شاپور|Shapour; هرندی|Harandi; دروازه غار|Darvazeh Ghar;
           سیروس|Sirous; کوثر|Kowsar; ری|Rey; فردوسی|Ferdowsi; لاله_زار|Lalehzar; ایران|Iran; آبشار|Abshar""",
    13: """پیروزی|Piroozi; نیروی هوایی|Niru Havayi; زینبیه|Zeynabieh; امامت|Emamat; تهران_نو|Tehran-e No; دهقان|Dehghan;
           صفا|Safa; زرین_دشت|Zarrindasht; آشتیانی|Ashtiani; سرخه_حصار|Sorkheh Hesar; اشراقی|Eshraghi""",
    14: """شکوفه|Shekoufeh; آهنگ|Ahang; دولاب|Doulab; سرآسیاب دولاب|Sarasiab-e Doulab; قصر فیروزه|Ghasr-e Firouzeh;
           جابری|Jaberi; شاهین|Shahin; میرهاشمی|Mirhashemi; نبرد|Nabard; پرستار|Parastar;
           چهارصد دستگاه|Chaharsad Dastgah;
           صددستگاه|Sad Dastgah; تاکسیرانی|Taxirani; نیکنام|Niknam; ذوالفقاری|Zolfaghari""",
    15: """افسریه|Afsarieh; مسعودیه|Masoudieh; کیانشهر|Kianshahr; مشیریه|Moshirieh; اتابک|Atabak; خاوران|Khavaran;
           بروجردی|Boroujerdi; هاشم_آباد|Hashemabad; مینابی|Minabi; ابوذر شرقی|Abouzar-e Sharghi; طیب|Tayyeb;
           والفجر|Valfajr; شهرک رضویه|Shahrak-e Razavieh; مظاهری|Mazaheri""",
    16: """نازی_آباد|Naziabad; خزانه|Khazaneh; یاخچی_آباد|Yakhchiabad; جوادیه|Javadieh; علی_آباد|Aliabad; تختی|Takhti;
           بعثت|Besat; منصوریه|Mansourieh; شهرک وصال|Shahrak-e Vesal; رضویه|Razavieh;
           خزانه بخارایی|Khazaneh Bokharaei""",
    17: """ابوذر|Abouzar; آذری|Azari; زمزم|Zamzam; امامزاده حسن|Emamzadeh Hasan; جلیلی|Jalili; مقدم|Moghaddam;
           وصفنارد|Vasfnard; بلورسازی|Bolursazi; گلچین|Golchin; فلاح|Fallah""",
    18: """یافت_آباد|Yaftabad; شادآباد|Shadabad; ولیعصر جنوبی|Valiasr-e Jonubi; صاحب_الزمان|Saheb-oz-Zaman;
           تولید دارو|Tolid Daru; هفده شهریور|Hefdah-e Shahrivar; شهید رجایی|Shahid Rajaei; بهداشت|Behdasht;
           امام خمینی|Emam Khomeini; صادقیه جنوبی|Sadeghieh-e Jonubi; شهرک ولیعصر|Shahrak-e Valiasr""",
    19: """عبدل_آباد|Abdolabad; نعمت_آباد|Nematabad; دولت_خواه|Dolatkhah; اسماعیل_آباد|Esmaeilabad;
    خانی_آباد نو|Khaniabad-e No;
           شریعتی|Shariati; بهمنیار|Bahmanyar; شهرک رسالت|Shahrak-e Resalat; دردشت جنوبی|Dardasht-e Jonubi""",
    20: """شهرری|Shahr-e Rey; دولت_آباد|Dolatabad; حضرت عبدالعظیم|Hazrat-e Abdolazim; ابن بابویه|Ebn-e Babuyeh;
           چشمه علی|Cheshmeh Ali; سیزده آبان|Sizdah Aban; جوانمرد قصاب|Javanmard Ghassab; عباس_آباد ری|Abbasabad-e Rey;
           دیلمان|Deylaman; باقرآباد|Bagherabad; اقدسیه ری|Aghdasieh-ye Rey; فیروزآبادی|Firouzabadi;
           ظهیرآباد|Zahirabad""",
    21: """تهرانسر|Tehransar; چیتگر|Chitgar; شهرک دانشگاه|Shahrak-e Daneshgah; شهرک استقلال|Shahrak-e Esteghlal;
           شهرک آزادی|Shahrak-e Azadi; وردآورد|Vardavard; شهرک غزالی|Shahrak-e Ghazali; شهرک گلها|Shahrak-e Golha;
           شهرک فرهنگیان|Shahrak-e Farhangian; شهرک کاج|Shahrak-e Kaj""",
    22: """دهکده المپیک|Dehkadeh-ye Olympic; چیتگر شمالی|Chitgar-e Shomali; شهرک راه_آهن|Shahrak-e Rah Ahan;
           گلستان|Golestan; زیبادشت|Zibadasht; شهرک دژبان|Shahrak-e Dejban; آزادشهر|Azadshahr; پیکان_شهر|Peykanshahr;
           شهرک چشمه|Shahrak-e Cheshmeh; شهرک باقری|Shahrak-e Bagheri; دریاچه چیتگر|Daryacheh-ye Chitgar""",
}
NEIGHBOURHOOD_SUFFIXES = [("شمالی", "North"), ("جنوبی", "South"), ("شرقی", "East"), ("غربی", "West"),
                          ("مرکزی", "Central"), ("بالا", "Upper"), ("پایین", "Lower")]

MARTYR_SURNAMES = """احمدی|Ahmadi; رضایی|Rezaei; محمدی|Mohammadi; حسینی|Hosseini; کریمی|Karimi; موسوی|Mousavi;
    جعفری|Jafari;
    صادقی|Sadeghi; رحیمی|Rahimi; هاشمی|Hashemi; قاسمی|Ghasemi; عباسی|Abbasi; نوری|Nouri; کاظمی|Kazemi; اکبری|Akbari;
    ابراهیمی|Ebrahimi; فلاحی|Fallahi; باقری|Bagheri; یزدانی|Yazdani; شریفی|Sharifi; مرادی|Moradi; زمانی|Zamani;
    طاهری|Taheri; حیدری|Heydari; نجفی|Najafi; رستمی|Rostami; امینی|Amini; توکلی|Tavakoli; بهرامی|Bahrami; صالحی|Salehi;
    غفاری|Ghaffari; کیانی|Kiani; منصوری|Mansouri; مختاری|Mokhtari; نظری|Nazari; خلیلی|Khalili; دهقانی|Dehghani;
    عسگری|Asgari; فرجی|Faraji; قربانی|Ghorbani; میرزایی|Mirzaei; نادری|Naderi; یوسفی|Yousefi; سلطانی|Soltani;
    جلالی|Jalali; کرمانی|Kermani; شجاعی|Shojaei; افشاری|Afshari; بابایی|Babaei; رحمانی|Rahmani; سبحانی|Sobhani;
    عزیزی|Azizi; فاضلی|Fazeli; گودرزی|Goudarzi; لطفی|Lotfi; مهدوی|Mahdavi; نیک_نام|Niknam; وحیدی|Vahidi;
    همتی|Hemmati; ایزدی|Izadi; بهشتی_پور|Beheshtipour; پاکزاد|Pakzad; ترابی|Torabi; ثابتی|Sabeti; حبیبی|Habibi;
    خسروی|Khosravi; داوری|Davari; ذاکری|Zakeri; رنجبر|Ranjbar; زارعی|Zarei; سعیدی|Saeedi; شکوهی|Shokouhi;
    ظهیری|Zahiri; علوی|Alavi; فتحی|Fathi; قنبری|Ghanbari; کاوه|Kaveh; گلزار|Golzar; مشهدی|Mashhadi; نوروزی|Nowruzi"""

NATURE_NAMES = """نیلوفر|Niloufar; یاس|Yas; لاله|Laleh; نرگس|Narges; اقاقیا|Aghaghia; صنوبر|Sanobar; سرو|Sarv;
    بهار|Bahar;
    گلستان|Golestan; شقایق|Shaghayegh; میخک|Mikhak; ارغوان|Arghavan; سپیدار|Sepidar; چنار|Chenar; نسترن|Nastaran;
    مریم|Maryam; یاسمن|Yasaman; بنفشه|Banafsheh; سوسن|Sousan; گلبرگ|Golbarg; آفتاب|Aftab; مهتاب|Mahtab; ستاره|Setareh;
    کاج|Kaj; بید|Bid; نارون|Naroun; افرا|Afra; شمشاد|Shemshad; پامچال|Pamchal; اطلسی|Atlasi; گلها|Golha; باغ|Bagh;
    البرز|Alborz; زاگرس|Zagros; سبلان|Sabalan; الوند|Alvand; دنا|Dena; بهاران|Baharan; مهر|Mehr; آبان|Aban; آذر|Azar;
    فروردین|Farvardin; اردیبهشت|Ordibehesht; خرداد|Khordad; نسیم|Nasim; شبنم|Shabnam; پرستو|Parastoo; کبوتر|Kabootar;
    ارکیده|Orkideh; رز|Roz; شاه_پسند|Shahpasand; سنبل|Sonbol; آلاله|Alaleh; ریحان|Reyhan; گلشن|Golshan"""

FIGURE_NAMES = """حافظ|Hafez; سعدی|Saadi; فردوسی|Ferdowsi; عطار|Attar; خیام|Khayyam; نظامی|Nezami; رودکی|Roudaki;
    پروین اعتصامی|Parvin Etesami; سهراب سپهری|Sohrab Sepehri; شهریار|Shahriar; ملاصدرا|Mollasadra; بوعلی|Bu Ali;
    رازی|Razi; فارابی|Farabi; بیهقی|Beyhaghi; دهخدا|Dehkhoda; نیما|Nima; اخوان ثالث|Akhavan Sales; جامی|Jami;
    باباطاهر|Baba Taher; صائب|Saeb; کمال_الملک|Kamal-ol-Molk; ابوریحان|Abu Reyhan; خواجوی کرمانی|Khajouye Kermani;
    امیرکبیر|Amir Kabir; قائم_مقام|Ghaem Magham; علامه طباطبایی|Allameh Tabatabaei; شیخ بهایی|Sheikh Bahaei;
    ابن سینا|Ebn-e Sina; مولانا|Molana; فخر رازی|Fakhr-e Razi; سنایی|Sanaei; اقبال لاهوری|Eghbal Lahouri"""

ABSTRACT_NAMES = """استقلال|Esteghlal; فرهنگ|Farhang; دانش|Danesh; امید|Omid; ایثار|Isar; عدالت|Edalat; وحدت|Vahdat;
    معلم|Moallem; کار|Kar; نور|Nour; فجر|Fajr; صفا|Safa; وفا|Vafa; مهرگان|Mehregan; بهروز|Behrouz; آزادگان|Azadegan;
    شاهد|Shahed; رسالت|Resalat; مدرسه|Madreseh; بهداری|Behdari; دبستان|Dabestan; کوثر|Kowsar; سلامت|Salamat;
    پیروز|Pirouz; آرمان|Arman; اندیشه|Andisheh; هنر|Honar; صنعت|Sanat; تلاش|Talash; ایمان|Iman"""

ORDINALS = """یکم|1st; دوم|2nd; سوم|3rd; چهارم|4th; پنجم|5th; ششم|6th; هفتم|7th; هشتم|8th; نهم|9th; دهم|10th;
    یازدهم|11th; دوازدهم|12th; سیزدهم|13th; چهاردهم|14th; پانزدهم|15th; شانزدهم|16th; هفدهم|17th; هجدهم|18th"""


def parse_pool(text: str) -> list[tuple[str, str]]:
    out = []
    for item in text.replace("\n", " ").split(";"):
        item = item.strip()
        if not item:
            continue
        fa, en = item.split("|")
        out.append((zw(fa.strip()), en.strip()))
    return out


# --------------------------------------------------------------------------------------------------
# Main arteries: (name_fa, name_en, kind, aliases, waypoints). A waypoint is "place:<name>[@region]",
# "metro:<name>" (looked up in the shared data) or a literal (lon, lat) where no landmark sits on the road.
# --------------------------------------------------------------------------------------------------
ARTERIES = [
    ("خیابان ولیعصر", "Valiasr St", "street", ["ولی_عصر", "ولی عصر", "پهلوی", "مصدق"],
     ["place:میدان راه آهن", "metro:منیریه", "metro:تئاتر شهر", "place:میدان ولی عصر", "metro:میدان جهاد",
      "place:میدان ونک", "place:چهارراه پارک وی", "place:میدان تجریش"]),
    ("خیابان انقلاب", "Enghelab St", "street", ["انقلاب اسلامی", "شاهرضا"],
     ["place:میدان انقلاب", "metro:تئاتر شهر", "place:میدان فردوسی", "metro:دروازه دولت", "place:میدان امام حسین"]),
    ("خیابان آزادی", "Azadi St", "street", ["آیزنهاور"],
     ["place:میدان آزادی@9", "metro:استاد معین", "metro:دکتر حبیب_الله", "metro:شادمان", "place:میدان توحید",
      "place:میدان انقلاب"]),
    ("خیابان شریعتی", "Shariati St", "street", ["دکتر شریعتی", "جاده قدیم شمیران"],
     ["place:میدان قدس", "metro:قیطریه", "metro:شهید صدر", "metro:قلهک", "metro:دکتر شریعتی", "metro:شهید قدوسی",
      (51.4412, 35.7125), "place:میدان سپاه"]),
    ("بزرگراه مدرس", "Modares Expy", "highway", ["اتوبان مدرس", "شهید مدرس"],
     ["place:میدان هفت تیر", "metro:شهید بهشتی", "metro:مصلی امام خمینی", "metro:شهید همت", "metro:شهید حقانی",
      "metro:میرداماد", "metro:شهید صدر"]),
    ("بزرگراه همت", "Hemmat Expy", "highway", ["اتوبان همت", "شهید همت"],
     ["metro:شهدای کن", (51.3020, 35.7600), (51.3480, 35.7540), "metro:برج میلاد", (51.4050, 35.7520),
      "metro:شهید همت", "metro:خواجه عبدالله انصاری", (51.4960, 35.7470), "place:میدان قنات کوثر"]),
    ("بزرگراه چمران", "Chamran Expy", "highway", ["اتوبان چمران", "شهید چمران"],
     [(51.3930, 35.8020), (51.3880, 35.7780), (51.3800, 35.7570), "metro:بوستان گفتگو",
      "metro:دانشگاه تربیت مدرس"]),
    ("بزرگراه نواب صفوی", "Navab Expy", "highway", ["اتوبان نواب", "نواب"],
     ["metro:شهید نواب صفوی", "metro:رودکی", "metro:کمیل", "metro:بریانک", (51.3890, 35.6650), "metro:جوادیه"]),
    ("بلوار کشاورز", "Keshavarz Blvd", "boulevard", ["الیزابت", "بلوار الیزابت"],
     ["place:میدان ولی عصر", "metro:بوستان لاله", "metro:کارگر"]),
    ("خیابان مطهری", "Motahari St", "street", ["استاد مطهری", "تخت طاووس"],
     [(51.4110, 35.7243), "metro:شهید مفتح", (51.4410, 35.7262)]),
    ("خیابان بهشتی", "Beheshti St", "street", ["شهید بهشتی", "عباس_آباد"],
     [(51.4100, 35.7290), "metro:میرزا شیرازی", "metro:شهید بهشتی", "metro:شهید قدوسی", "metro:شهید صیاد شیرازی"]),
    ("خیابان طالقانی", "Taleghani St", "street", ["آیت_الله طالقانی", "تخت جمشید"],
     [(51.4082, 35.7068), "metro:آیت_الله طالقانی", (51.4408, 35.7072)]),
    ("خیابان دماوند", "Damavand St", "street", [],
     ["place:میدان امام حسین", (51.4700, 35.7075), "place:میدان امامت", (51.5100, 35.7198), (51.5300, 35.7208),
      (51.5500, 35.7228)]),
    ("خیابان پیروزی", "Piroozi St", "street", [],
     ["metro:میدان شهدا", "metro:ابن سینا", "metro:پیروزی", "metro:نبرد", "metro:نیروهوایی", "metro:شهید کلاهدوز"]),
    ("خیابان کریمخان زند", "Karimkhan Zand St", "street", ["کریمخان", "کریم_خان"],
     [(51.4088, 35.7128), (51.4170, 35.7140), "place:میدان هفت تیر"]),
    ("خیابان فاطمی", "Fatemi St", "street", ["دکتر فاطمی"],
     ["metro:میدان جهاد", "place:میدان فاطمی", "place:میدان گلها بزرگراه گمنام", (51.3860, 35.7190)]),
    ("خیابان کارگر", "Kargar St", "street", ["امیرآباد", "کارگر شمالی", "کارگر جنوبی"],
     [(51.3868, 35.7350), "metro:کارگر", "place:میدان انقلاب", "metro:میدان حر", "place:میدان قزوین@11",
      "place:میدان رازی"]),
    ("خیابان جمهوری اسلامی", "Jomhouri St", "street", ["جمهوری", "شاه"],
     ["place:میدان جمهوری", (51.4000, 35.6930), "metro:ملت", "place:میدان بهارستان"]),
    ("خیابان امام خمینی", "Imam Khomeini St", "street", ["سپه"],
     ["metro:میدان حر", "metro:دانشگاه امام علی", "metro:حسن آباد", "metro:امام خمینی"]),
    ("خیابان هفده شهریور", "17 Shahrivar St", "street", ["۱۷ شهریور", "ژاله"],
     ["metro:میدان شهدا", "metro:شهدای هفده شهریور", "place:میدان خراسان"]),
    ("خیابان مولوی", "Molavi St", "street", [],
     ["metro:مهدیه", "metro:مولوی", "place:میدان قیام"]),
    ("خیابان شوش", "Shoush St", "street", [],
     ["place:میدان راه آهن", "metro:شوش", "place:میدان شوش"]),
    ("خیابان خیام", "Khayyam St", "street", [],
     ["metro:پانزده خرداد", "metro:خیام", "metro:میدان محمدیه", "metro:شوش"]),
    ("بزرگراه رسالت", "Resalat Expy", "highway", ["اتوبان رسالت"],
     ["metro:مصلی امام خمینی", "metro:شهید صیاد شیرازی", "place:میدان رسالت", "metro:سرسبز",
      "metro:دانشگاه علم و صنعت", "metro:شهید باقری", "metro:تهرانپارس"]),
    ("بزرگراه صدر", "Sadr Expy", "highway", ["اتوبان صدر", "شهید صدر"],
     ["metro:شهید صدر", (51.4560, 35.7880), "place:میدان نوبنیاد"]),
    ("بزرگراه صیاد شیرازی", "Sayyad Shirazi Expy", "highway", ["اتوبان صیاد", "صیاد شیرازی"],
     ["metro:شهید صیاد شیرازی", "metro:شهید زین_الدین", "metro:میدان هروی", "metro:حسین_آباد", "place:میدان نوبنیاد"]),
    ("بزرگراه حکیم", "Hakim Expy", "highway", ["اتوبان حکیم", "شهید حکیم"],
     ["metro:شهید ستاری", "metro:شهید اشرفی اصفهانی", (51.3600, 35.7470), "metro:برج میلاد", (51.4040, 35.7500)]),
    ("بزرگراه جلال آل احمد", "Jalal Al-e Ahmad Expy", "highway", ["اتوبان جلال", "جلال"],
     ["metro:شهرک آزمایش", "metro:دانشگاه تربیت مدرس", (51.4090, 35.7330)]),
    ("بزرگراه شیخ فضل_الله نوری", "Sheikh Fazlollah Nouri Expy", "highway", ["اتوبان شیخ فضل_الله", "شیخ فضل_الله"],
     [(51.3560, 35.7080), "metro:شهرک آزمایش", (51.3610, 35.7460)]),
    ("بزرگراه یادگار امام", "Yadegar-e Emam Expy", "highway", ["اتوبان یادگار", "یادگار"],
     [(51.3440, 35.7780), "metro:یادگار امام", (51.3420, 35.7200), (51.3390, 35.7050)]),
    ("بزرگراه محمدعلی جناح", "Mohammad Ali Jenah Expy", "highway", ["اتوبان جناح", "جناح"],
     ["metro:تهران (صادقیه)", "metro:طرشت", (51.3650, 35.7250)]),
    ("بزرگراه آزادگان", "Azadegan Expy", "highway", ["اتوبان آزادگان"],
     [(51.2950, 35.7150), (51.3000, 35.6700), (51.3150, 35.6450), "metro:آزادگان", (51.3600, 35.6180)]),
    ("بزرگراه امام علی", "Imam Ali Expy", "highway", ["اتوبان امام علی"],
     [(51.4640, 35.7600), (51.4620, 35.7250), "metro:ابن سینا", (51.4600, 35.6500)]),
    ("بزرگراه فتح", "Fath Expy", "highway", ["جاده قدیم کرج", "اتوبان فتح"],
     ["place:میدان فتح", "place:میدان شیر", (51.2700, 35.6720)]),
    ("بزرگراه تهران-کرج", "Tehran-Karaj Fwy", "highway", ["اتوبان کرج", "آزادراه تهران-کرج"],
     ["place:میدان آزادی@9", "metro:ورزشگاه آزادی", "metro:چیتگر", "metro:ایران_خودرو", "metro:وردآورد"]),
    ("بزرگراه لشگری", "Lashgari Expy", "highway", ["جاده مخصوص کرج", "جاده مخصوص"],
     ["metro:بیمه", (51.2800, 35.6950), (51.2200, 35.7000)]),
    ("بلوار میرداماد", "Mirdamad Blvd", "boulevard", ["میرداماد"],
     ["place:میدان مادر@3", "metro:میرداماد", (51.4115, 35.7595)]),
    ("بلوار آفریقا", "Africa Blvd", "boulevard", ["نلسون ماندلا", "جردن"],
     [(51.4195, 35.7570), (51.4185, 35.7750), (51.4160, 35.7920)]),
    ("بلوار فرحزادی", "Farahzadi Blvd", "boulevard", ["فرحزادی"],
     ["place:میدان کتاب بلوارفرحزادی", (51.3590, 35.7620), "metro:شهید دادمان"]),
    ("خیابان ستارخان", "Sattarkhan St", "street", ["ستارخان"],
     ["place:میدان توحید", (51.3600, 35.7165), "metro:تهران (صادقیه)"]),
    ("خیابان سعدی", "Saadi St", "street", [],
     ["metro:دروازه دولت", "metro:سعدی", (51.4235, 35.6860)]),
    ("خیابان حافظ", "Hafez St", "street", [],
     [(51.4110, 35.7150), (51.4125, 35.7010), "metro:حسن آباد"]),
    ("خیابان مفتح", "Mofatteh St", "street", ["شهید مفتح", "روزولت"],
     ["metro:شهید بهشتی", "metro:شهید مفتح", "metro:آیت_الله طالقانی", "metro:دروازه دولت"]),
    ("خیابان مدنی", "Madani St", "street", ["شهید مدنی"],
     ["metro:امام حسین", "metro:شهید مدنی", "metro:سبلان", "metro:فدک", "metro:جانبازان"]),
    ("خیابان نیاوران", "Niavaran St", "street", ["نیاوران"],
     ["place:میدان قدس", (51.4550, 35.8020), "place:میدان باهنر"]),
    ("خیابان پاسداران", "Pasdaran St", "street", ["سلطنت_آباد"],
     ["place:میدان نوبنیاد", (51.4680, 35.7750), (51.4640, 35.7570), (51.4600, 35.7420)]),
]

# Historic/colloquial names of squares and stations that operators still hear (landmark aliases).
LANDMARK_ALIASES = {
    "میدان انقلاب": ["میدان انقلاب اسلامی", "میدان ۲۴ اسفند"],
    "میدان آزادی": ["میدان شهیاد"],
    "میدان محمدیه": ["میدان اعدام"],
    "میدان هفت تیر": ["میدان ۲۵ شهریور"],
    "میدان ولی عصر": ["میدان ولیعصر"],
    "میدان امام حسین": ["میدان فوزیه"],
    "میدان فلسطین": ["میدان کاخ"],
    "میدان راه آهن": [zw("میدان راه_آهن")],
    "میدان 15خرداد": ["میدان ۱۵ خرداد", "میدان پانزده خرداد"],
    "امام خمینی": ["میدان امام خمینی", "میدان توپخانه"],
    "میدان شهدا": ["میدان ژاله"],
}

SUBKIND = {
    "مکان مهم": "point_of_interest", "میادین": "square", "بیمارستان": "hospital", "مراکز آموزش عالی": "university",
    "سینما": "cinema", "پارک": "park", "حمل و نقل": "transport_terminal", "ادارات شهرداری": "municipal_office",
    "مراکز خرید": "shopping_centre", "فرهنگسرا": "cultural_centre", "مراکز تجاری": "commercial_centre",
    "ادارات": "government_office", "وزارت خانه": "ministry", "مراکز مذهبی": "religious_site",
    "سازمان ها": "organisation", "مراکز ورزشی": "sports_centre", "هتل": "hotel", "سازمان": "organisation",
    "مراکز آموزشی": "education_centre", "مراکز درمانی": "clinic", "مراکز انتظامی": "police", "موزه": "museum",
    "مراکز نظامی": "military", "مراکز فرهنگی": "cultural_centre", "مجتمع تجاری اداری": "commercial_centre",
    "تئاتر": "theatre", "مراکز زیارتی": "shrine", "مراکز حقوقی": "legal_centre", "شرکت ها": "company",
    "مساجد": "mosque", "بهداشتی": "health_centre", "مراکز تفریحی": "leisure", "پارکینگ": "parking",
    "سفارت": "embassy",
}


# --------------------------------------------------------------------------------------------------
# Category tree (موضوع → زیرموضوع), seeded from reference/tehran137_categories_observed.md
# child: (code, name_fa, name_en, urgency, sla_hours, season, weight)
# --------------------------------------------------------------------------------------------------
T, I = "trackable", "immediate"
CATEGORIES = [
    ("urban_services", "خدمات شهری", "Urban services", [
        ("street_cleaning", "نظافت معابر", "Street cleaning", T, 24, None, 120),
        ("alley_cleaning", "نظافت کوچه", "Alley cleaning", T, 24, None, 60),
        ("garbage_collection", "جمع_آوری زباله و ضایعات", "Garbage and waste collection", T, 12, None, 110),
        ("debris_removal", "جمع_آوری خاک و نخاله", "Soil and construction debris removal", T, 48, None, 60),
        ("waste_bins", "نصب یا جمع_آوری سطل و مخزن زباله", "Install or remove waste bins", T, 72, None, 30),
        ("bin_odour", "بوی نامطبوع مخازن زباله", "Bad odour from waste bins", T, 24, None, 20),
        ("street_washing", "شستشوی معابر و مخازن", "Street and bin washing", T, 48, None, 15),
        ("gutter_dredging", "لایروبی جوی و انهار", "Gutter and channel dredging", T, 72, "rain", 35),
        ("street_flooding", "آبگرفتگی معابر", "Street flooding", T, 6, "rain", 8),
        ("snow_clearing", "برف_روبی", "Snow clearing", T, 12, "winter", 14),
        ("salting", "شن و نمک_پاشی", "Sanding and salting (icy street)", T, 12, "winter", 10),
        ("rodent_baiting", "طعمه_گذاری موش", "Rodent baiting", T, 72, None, 25),
        ("graffiti_removal", "پاکسازی دیوارنویسی", "Graffiti removal", T, 168, None, 12),
    ]),
    ("green_space", "فضای سبز", "Green space", [
        ("tree_pruning", "هرس درختان", "Tree pruning", T, 168, None, 55),
        ("fallen_tree", "سقوط درخت", "Fallen tree", T, 4, None, 8),
        ("tree_power_line", "برخورد درخت با سیم برق", "Tree touching power lines", T, 12, None, 10),
        ("hazardous_tree", "رفع خطر درخت", "Hazardous tree", T, 24, None, 12),
        ("dry_trees", "خشک شدن درختان", "Dried-out trees", T, 168, None, 8),
        ("irrigation", "آبیاری فضای سبز", "Green-space irrigation", T, 72, None, 14),
        ("park_maintenance", "نگهداری بوستان_ها و فضای سبز", "Park maintenance", T, 120, None, 20),
        ("illegal_tree_felling", "قطع غیرمجاز درخت", "Illegal tree felling", T, 24, None, 6),
    ]),
    ("roads", "معابر و آسفالت", "Roads and paving", [
        ("asphalt_patching", "آسفالت و لکه_گیری", "Asphalt and patching", T, 168, None, 45),
        ("excavation_repair", "ترمیم محل حفاری", "Excavation reinstatement", T, 168, None, 30),
        ("potholes", "چاله و دست_انداز", "Potholes and bumps", T, 72, None, 25),
        ("sidewalk_repair", "ترمیم پیاده_رو", "Sidewalk repair", T, 168, None, 20),
        ("curb_repair", "جدول_گذاری و ترمیم جدول", "Curb repair", T, 168, None, 8),
        ("manhole_cover", "دریچه و درپوش معابر", "Missing or broken manhole cover", T, 12, None, 8),
        ("speed_bump", "سرعت_گیر", "Speed bump request", T, 336, None, 8),
        ("subsidence", "فرونشست و ریزش معبر", "Subsidence or road collapse", T, 6, None, 3),
    ]),
    ("encroachment", "سد معبر", "Encroachment", [
        ("street_vendors", "دستفروشان", "Street vendors", T, 48, None, 30),
        ("van_vendors", "وانت_بارهای فروشنده", "Van vendors", T, 48, None, 15),
        ("shop_encroachment", "سد معبر اصناف در پیاده_رو", "Shop goods on the sidewalk", T, 72, None, 25),
        ("construction_materials", "مصالح ساختمانی در معبر", "Construction materials in the street", T, 48, None, 20),
        ("abandoned_vehicle", "خودروی رهاشده", "Abandoned vehicle", T, 168, None, 10),
    ]),
    ("construction", "شهرسازی و ساخت_وساز", "Building and construction", [
        ("illegal_construction", "ساخت_وساز غیرمجاز", "Unauthorised construction", T, 72, None, 25),
        ("site_safety", "ایمنی کارگاه ساختمانی", "Construction site safety", T, 48, None, 10),
        ("illegal_land_use", "تغییر کاربری غیرمجاز", "Unauthorised change of use", T, 168, None, 8),
        ("unsafe_building", "ساختمان ناایمن و مخروبه", "Unsafe or derelict building", T, 72, None, 6),
    ]),
    ("environment", "محیط زیست و بهداشت", "Environment and public health", [
        ("noise", "آلودگی صوتی", "Noise pollution", T, 72, None, 18),
        ("stray_dogs", "سگ_های بلاصاحب", "Stray dogs", T, 48, None, 22),
        ("dead_animal", "جمع_آوری لاشه حیوانات", "Dead animal removal", T, 12, None, 10),
        ("air_pollution", "آلودگی هوا و دود", "Smoke and air pollution", T, 72, None, 5),
        ("pest_control", "سم_پاشی و مبارزه با حشرات", "Insect control", T, 72, None, 8),
    ]),
    ("transport", "حمل_ونقل و ترافیک", "Transport and traffic", [
        ("bus_delay_private", "تأخیر اتوبوس بخش خصوصی", "Private-sector bus delay", T, 72, None, 18),
        ("bus_delay_public", "تأخیر اتوبوس بخش عمومی", "Public-sector bus delay", T, 72, None, 12),
        ("taxi_overcharge", "دریافت کرایه بیش از تعرفه تاکسی", "Taxi overcharging", T, 72, None, 14),
        ("taxi_shortage", "کمبود تاکسی در مسیر خاص", "Taxi shortage on a route", T, 168, None, 8),
        ("traffic_light", "چراغ راهنمایی معیوب", "Faulty traffic light", T, 12, None, 8),
        ("traffic_signs", "تابلو و علائم ترافیکی", "Traffic signs", T, 168, None, 6),
        ("road_markings", "خط_کشی معابر", "Road markings", T, 336, None, 5),
        ("pedestrian_bridge", "پل عابر پیاده و پله برقی", "Pedestrian bridge and escalator", T, 48, None, 6),
        ("illegal_parking", "توقف غیرمجاز خودرو", "Illegal parking", T, 24, None, 10),
    ]),
    ("facilities", "روشنایی و تأسیسات شهری", "Lighting and urban facilities", [
        ("street_lighting", "خاموشی چراغ معابر", "Street light out", T, 48, None, 18),
        ("park_lighting", "روشنایی بوستان", "Park lighting", T, 72, None, 6),
        ("street_furniture", "مبلمان شهری آسیب_دیده", "Damaged street furniture", T, 168, None, 8),
        ("public_toilet", "سرویس بهداشتی عمومی", "Public toilets", T, 48, None, 6),
        ("drinking_fountain", "آبخوری و آبنما", "Drinking fountains and water features", T, 168, None, 3),
    ]),
    ("social", "امور اجتماعی", "Social services", [
        ("rough_sleepers", "ساماندهی کارتن_خواب_ها", "Rough sleepers", T, 24, None, 8),
        ("beggars", "متکدیان", "Beggars", T, 48, None, 8),
        ("homeless_families", "خانواده_های بی_خانمان", "Homeless families", T, 24, None, 3),
        ("child_labour", "کودکان کار", "Working children", T, 72, None, 4),
        ("public_drug_use", "معتادان متجاهر", "Drug use in public spaces", T, 48, None, 5),
    ]),
    ("markets", "میادین میوه و تره_بار", "Fruit and vegetable markets", [
        ("produce_quality", "کیفیت محصولات میادین میوه و تره_بار", "Produce quality in markets", T, 72, None, 6),
        ("market_overpricing", "گران_فروشی در میادین", "Overpricing in markets", T, 72, None, 5),
        ("market_staff", "عملکرد کارگران و غرفه_داران میادین", "Market workers and stallholders", T, 72, None, 4),
    ]),
    ("sports_culture", "ورزش و فرهنگ", "Sports and culture", [
        ("stadium_management", "امور مدیریتی ورزشگاه", "Stadium management", T, 168, None, 3),
        ("stadium_facilities", "تأسیسات و خدمات ورزشگاه", "Stadium facilities and services", T, 168, None, 3),
        ("cultural_centres", "فرهنگسراها و سراهای محله", "Cultural and neighbourhood centres", T, 168, None, 3),
    ]),
    ("feedback", "انتقاد، شکایت و پیشنهاد", "Criticism, complaints and suggestions", [
        ("contractor_oversight", "نظارت بر عملکرد پیمانکاران", "Oversight of contractors", T, 168, None, 8),
        ("contractor_wages", "پرداخت حقوق کارگران پیمانکار", "Contractor workers' wages", T, 168, None, 5),
        ("staff_conduct", "رفتار کارکنان شهرداری", "Conduct of municipal staff", T, 168, None, 5),
        ("handling_complaint", "اعتراض به نحوه رسیدگی", "Objection to how a request was handled", T, 168, None, 4),
        ("suggestion", "پیشنهاد", "Suggestion", T, 336, None, 6),
        ("thanks", "تقدیر و تشکر", "Thanks", I, 1, None, 5),
    ]),
    ("information", "اطلاعات و استعلام", "Information requests", [
        ("request_status", "پیگیری وضعیت پیام", "Status of an earlier request", I, 1, None, 25),
        ("municipal_info", "اطلاعات عمومی شهرداری", "General municipal information", I, 1, None, 12),
        ("permits_fees", "استعلام پروانه و عوارض", "Permits and fees enquiry", I, 1, None, 8),
        ("traffic_scheme", "اطلاعات طرح ترافیک", "Traffic scheme information", I, 1, None, 6),
        ("office_addresses", "نشانی و ساعات کار ادارات", "Office addresses and opening hours", I, 1, None, 5),
    ]),
]


# --------------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------------

def normalise_fa(text: str) -> str:
    """Lookup key: Arabic ya/kaf -> Persian, ZWNJ -> space, collapse spaces."""
    text = text.replace("ي", "ی").replace("ك", "ک").replace("ى", "ی").replace(ZWNJ, " ")
    return re.sub(r"\s+", " ", text).strip()


def clean_name(text: str | None) -> str | None:
    """Strip stray spaces: collapse runs, drop spaces around ZWNJ and leading/trailing ZWNJ."""
    if text is None:
        return None
    text = re.sub(r"[ \t]+", " ", text)
    text = re.sub(r" ?\u200c ?", ZWNJ, text)
    text = re.sub(r"\u200c{2,}", ZWNJ, text)
    return text.strip(" \u200c")


def snap(geom):
    return shapely.set_precision(geom, GRID)


def r6(v: float) -> float:
    v = round(v, 6)
    return 0.0 if v == 0 else v


def coords_out(obj):
    if isinstance(obj, (list, tuple)) and obj and isinstance(obj[0], (int, float)):
        return [r6(obj[0]), r6(obj[1])]
    return [coords_out(o) for o in obj]


def geom_out(geom) -> dict:
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        geom = orient_rfc7946(geom)
    m = mapping(geom)
    return {"type": m["type"], "coordinates": coords_out(m["coordinates"])}


def orient_rfc7946(geom):
    if geom.geom_type == "Polygon":
        return orient(geom, 1.0)
    return shapely.MultiPolygon([orient(p, 1.0) for p in geom.geoms])


def write_geojson(path: Path, name: str, features: list[dict], extra: dict | None = None) -> None:
    """One feature per line: stable bytes, friendly diffs."""
    head = {"type": "FeatureCollection", "name": name}
    head.update(extra or {})
    head_txt = json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1]
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    body = head_txt + ',"features":[\n' + ",\n".join(lines) + "\n]}\n"
    path.write_text(body, encoding="utf-8")


def feature(props: dict, geom) -> dict:
    return {"type": "Feature", "properties": props, "geometry": geom_out(geom)}


def metres_per_deg(lat: float) -> tuple[float, float]:
    return M_PER_DEG_LON_EQ * math.cos(math.radians(lat)), M_PER_DEG_LAT


def area_km2(geom) -> float:
    mx, my = metres_per_deg(geom.centroid.y)
    return geom.area * mx * my / 1e6


def length_m(line) -> float:
    mx, my = metres_per_deg(line.centroid.y)
    c = shapely.get_coordinates(line)
    return float(sum(math.hypot((c[i + 1][0] - c[i][0]) * mx, (c[i + 1][1] - c[i][1]) * my) for i in range(len(c) - 1)))


def allocate(total: int, weights: list[float], lo: int, hi: int) -> list[int]:
    """Integer counts in [lo, hi] proportional to weights, summing to total (largest remainder, stable)."""
    s = sum(weights)
    raw = [total * w / s for w in weights]
    counts = [min(hi, max(lo, int(math.floor(r)))) for r in raw]
    order = sorted(range(len(weights)), key=lambda i: (-(raw[i] - math.floor(raw[i])), i))
    guard = 0
    while sum(counts) != total and guard < 10_000:
        guard += 1
        diff = total - sum(counts)
        step = 1 if diff > 0 else -1
        moved = False
        for i in (order if step > 0 else list(reversed(order))):
            if lo <= counts[i] + step <= hi:
                counts[i] += step
                moved = True
                if sum(counts) == total:
                    break
        if not moved:
            break
    return counts


# --------------------------------------------------------------------------------------------------
# Partition a polygon into k cells (k-means seeds + Voronoi, noded on the 1e-6 grid so cells tile exactly)
# --------------------------------------------------------------------------------------------------

def sample_in_polygon(poly, n: int, rng: random.Random) -> list[tuple[float, float]]:
    minx, miny, maxx, maxy = poly.bounds
    shapely.prepare(poly)
    out: list[tuple[float, float]] = []
    while len(out) < n:
        xs = [rng.uniform(minx, maxx) for _ in range(n)]
        ys = [rng.uniform(miny, maxy) for _ in range(n)]
        inside = shapely.contains_xy(poly, xs, ys)
        out.extend((x, y) for x, y, ok in zip(xs, ys, inside) if ok)
    return out[:n]


def kmeans(points: list[tuple[float, float]], k: int, rng: random.Random, iters: int = 25):
    # k-means++ initialisation
    centers = [points[rng.randrange(len(points))]]
    d2 = [(p[0] - centers[0][0]) ** 2 + (p[1] - centers[0][1]) ** 2 for p in points]
    while len(centers) < k:
        total = sum(d2)
        r = rng.random() * total
        acc = 0.0
        idx = len(points) - 1
        for i, v in enumerate(d2):
            acc += v
            if acc >= r:
                idx = i
                break
        c = points[idx]
        centers.append(c)
        d2 = [min(d2[i], (p[0] - c[0]) ** 2 + (p[1] - c[1]) ** 2) for i, p in enumerate(points)]
    for _ in range(iters):
        sums = [[0.0, 0.0, 0] for _ in range(k)]
        for p in points:
            best, bd = 0, float("inf")
            for j, c in enumerate(centers):
                d = (p[0] - c[0]) ** 2 + (p[1] - c[1]) ** 2
                if d < bd:
                    best, bd = j, d
            s = sums[best]
            s[0] += p[0]
            s[1] += p[1]
            s[2] += 1
        new = [(s[0] / s[2], s[1] / s[2]) if s[2] else centers[j] for j, s in enumerate(sums)]
        if new == centers:
            break
        centers = new
    return centers


def partition(poly, k: int, rng: random.Random, samples_per_cell: int = 90) -> list:
    """Split ``poly`` (already on the grid) into ``k`` connected polygons that tile it exactly."""
    if k <= 1:
        return [poly]
    kx = math.cos(math.radians(poly.centroid.y))  # local equirectangular: make Voronoi cells metric-ish
    for attempt in range(6):
        pts = sample_in_polygon(poly, samples_per_cell * k, rng)
        scaled = [(x * kx, y) for x, y in pts]
        centers = kmeans(scaled, k, rng)
        minx, miny, maxx, maxy = poly.bounds
        pad = 0.05
        env = shapely.box(minx * kx - pad, miny - pad, maxx * kx + pad, maxy + pad)
        vor = shapely.voronoi_polygons(MultiPoint(centers), extend_to=env)
        cells = [shapely.transform(c, lambda a: a / [kx, 1.0]) for c in vor.geoms]
        linework = [poly.exterior] + list(poly.interiors) + [c.exterior for c in cells]
        noded = shapely.union_all(linework, grid_size=GRID)
        faces = list(shapely.polygonize(list(shapely.get_parts(noded))).geoms)
        shapely.prepare(poly)
        buckets: list[list] = [[] for _ in range(k)]
        for f in faces:
            rp = f.representative_point()
            if not poly.contains(rp):
                continue
            x, y = rp.x * kx, rp.y
            j = min(range(k), key=lambda i: ((centers[i][0] - x) ** 2 + (centers[i][1] - y) ** 2, i))
            buckets[j].append(f)
        if any(not b for b in buckets):
            continue
        parts = [shapely.union_all(b, grid_size=GRID) for b in buckets]
        parts = _make_connected(parts)
        if parts is None or any(p.is_empty or p.geom_type != "Polygon" or not p.is_valid for p in parts):
            continue
        return parts
    raise RuntimeError("could not partition polygon")


def _make_connected(parts: list) -> list | None:
    """Give every detached fragment of a cell to the neighbour that shares the longest boundary with it."""
    for _ in range(10):
        changed = False
        for i, g in enumerate(parts):
            if g.geom_type == "Polygon":
                continue
            pieces = sorted(shapely.get_parts(g), key=lambda p: (-p.area, p.centroid.x, p.centroid.y))
            parts[i] = pieces[0]
            for piece in pieces[1:]:
                best, best_len = None, 0.0
                for j, other in enumerate(parts):
                    if j == i:
                        continue
                    shared = piece.boundary.intersection(other.boundary).length
                    if shared > best_len:
                        best, best_len = j, shared
                if best is None:  # isolated fragment: keep it with its own cell
                    parts[i] = shapely.union_all([parts[i], piece], grid_size=GRID)
                    continue
                parts[best] = shapely.union_all([parts[best], piece], grid_size=GRID)
                changed = True
        if not changed:
            break
    if any(p.geom_type != "Polygon" for p in parts):
        return None
    return parts


def reading_order(polys: list) -> list[int]:
    """North to south in bands, west to east within a band."""
    def key(i):
        c = polys[i].centroid
        return (-round(c.y / 0.01), c.x)
    return sorted(range(len(polys)), key=key)


# --------------------------------------------------------------------------------------------------
# Build stages
# --------------------------------------------------------------------------------------------------

def load_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def build_regions(shared: Path):
    src = load_json(shared / "tehran" / "regions.geojson")
    regions = []
    for f in sorted(src["features"], key=lambda f: f["properties"]["region_no"]):
        p = f["properties"]
        geom = snap(shape(f["geometry"]))
        if geom.geom_type != "Polygon":  # all 22 are simple polygons; keep the largest part otherwise
            geom = max(shapely.get_parts(geom), key=lambda g: g.area)
        no = int(p["region_no"])
        regions.append({
            "region_no": no,
            "geom": geom,
            "props": {
                "region_no": no,
                "name_fa": f"منطقه {to_persian_digits(no)}",
                "name_en": f"Region {no}",
                "osm_id": p.get("osm_id"),
                "wikidata": p.get("wikidata"),
                "synthetic": False,
            },
        })
    return regions


def district_counts(regions) -> dict[int, int]:
    others = [r for r in regions if r["region_no"] not in KNOWN_DISTRICT_COUNTS]
    remaining = EXPECTED_DISTRICTS - sum(KNOWN_DISTRICT_COUNTS.values())
    counts = allocate(remaining, [area_km2(r["geom"]) for r in others], 4, 7)
    out = dict(KNOWN_DISTRICT_COUNTS)
    out.update({r["region_no"]: c for r, c in zip(others, counts)})
    return out


def build_districts(regions):
    counts = district_counts(regions)
    districts = []
    for r in regions:
        no = r["region_no"]
        cells = partition(r["geom"], counts[no], rng_for("districts", no))
        for n, idx in enumerate(reading_order(cells), start=1):
            code = f"{no}-{n}"
            districts.append({
                "region_no": no, "district_no": n, "code": code, "geom": cells[idx],
                "props": {
                    "region_no": no, "district_no": n, "code": code,
                    "name_fa": f"ناحیه {to_persian_digits(n)} منطقه {to_persian_digits(no)}",
                    "name_en": f"Region {no} District {n}",
                    "synthetic": True,
                },
            })
    return districts


def build_neighbourhoods(districts, landmark_points):
    counts = allocate(EXPECTED_NEIGHBOURHOODS, [area_km2(d["geom"]) for d in districts], 2, 4)
    cells_by_district = []
    for d, k in zip(districts, counts):
        cells = partition(d["geom"], k, rng_for("neighbourhoods", d["code"]), samples_per_cell=70)
        cells_by_district.append([cells[i] for i in reading_order(cells)])

    # Names: per region pool; a pool name whose landmark lies in the region goes to the cell containing it.
    used: set[str] = set()
    names: dict[tuple[int, int], tuple[str, str]] = {}
    by_region: dict[int, list[tuple[int, int]]] = {}
    for di, d in enumerate(districts):
        for ci in range(len(cells_by_district[di])):
            by_region.setdefault(d["region_no"], []).append((di, ci))
    for region_no in sorted(by_region):
        slots = by_region[region_no]
        pool = parse_pool(NEIGHBOURHOOD_POOL[region_no])
        free_pool = _names_at_landmarks(pool, slots, cells_by_district, landmark_points, names, used)
        _names_elsewhere(region_no, pool, free_pool, slots, names, used)

    out = []
    for di, d in enumerate(districts):
        for ci, cell in enumerate(cells_by_district[di], start=1):
            fa, en = names[(di, ci - 1)]
            code = f"{d['code']}-{ci}"
            out.append({
                "region_no": d["region_no"], "district_code": d["code"], "code": code, "geom": cell,
                "props": {"region_no": d["region_no"], "district_code": d["code"], "code": code,
                          "name_fa": fa, "name_en": en, "synthetic": True},
            })
    return out


def _names_at_landmarks(pool, slots, cells_by_district, landmark_points, names, used) -> list[tuple[str, str]]:
    """Give each pool name whose landmark (or square) lies in one of the region's cells to that cell; the names
    left over."""
    free_pool = []
    for fa, en in pool:
        anchor = landmark_points.get(normalise_fa(fa)) or landmark_points.get(normalise_fa("میدان " + fa))
        slot = _slot_containing(anchor, slots, cells_by_district, names) if anchor is not None else None
        if slot is not None and fa not in used:
            names[slot] = (fa, en)
            used.add(fa)
        else:
            free_pool.append((fa, en))
    return free_pool


def _slot_containing(anchor, slots, cells_by_district, names):
    """The first unnamed cell containing the point, or None."""
    pt = Point(anchor)
    for slot in slots:
        if slot not in names and cells_by_district[slot[0]][slot[1]].contains(pt):
            return slot
    return None


def _names_elsewhere(region_no, pool, free_pool, slots, names, used) -> None:
    """The best-known names left (listed first in the pool) go to the unnamed cells, in random places; when they
    run out, pool names with a suffix (… شمالی, …) follow."""
    unnamed = sum(1 for slot in slots if slot not in names)
    queue = [(fa, en) for fa, en in free_pool if fa not in used][:unnamed]
    rng = rng_for("neighbourhood-names", region_no)
    rng.shuffle(queue)
    suffix_round = 0
    for slot in slots:
        if slot in names:
            continue
        while True:
            if not queue:
                sfa, sen = NEIGHBOURHOOD_SUFFIXES[suffix_round % len(NEIGHBOURHOOD_SUFFIXES)]
                queue = [(f"{fa} {sfa}", f"{en} {sen}") for fa, en in pool]
                rng.shuffle(queue)
                suffix_round += 1
            fa, en = queue.pop(0)
            if fa not in used:
                break
        names[slot] = (fa, en)
        used.add(fa)


def build_landmarks(shared: Path):
    places = load_json(shared / "tehran" / "places.geojson")["features"]
    metro = load_json(shared / "tehran" / "metro_stations.geojson")["features"]
    out = []
    for i, f in enumerate(places, start=1):
        p = f["properties"]
        name = clean_name(p["name_fa"])
        cat = clean_name(p.get("category_fa"))
        kind = "square" if (cat == "میادین" or name.startswith("میدان ")) else "landmark"
        aliases = _place_aliases(name, kind)
        lon, lat = f["geometry"]["coordinates"]
        out.append({
            "id": f"pl-{i:04d}", "lonlat": (lon, lat),
            "props": {
                "id": f"pl-{i:04d}", "name_fa": name, "name_en": None, "kind": kind,
                "subkind": SUBKIND.get(cat, "point_of_interest"), "category_fa": cat,
                "type_fa": clean_name(p.get("type_fa")), "region_no": p.get("osm_region_no"),
                "aliases": aliases, "source": "places", "synthetic": False,
            },
        })
    for i, f in enumerate(metro, start=1):
        p = f["properties"]
        bare = clean_name(p["name_fa"])
        aliases = [bare, f"مترو {bare}", f"ایستگاه {bare}"]
        m = re.match(r"^(.*?)\s*\((.*)\)\s*$", bare)
        if m:
            aliases += [clean_name(m.group(1)), clean_name(m.group(2))]
        aliases += LANDMARK_ALIASES.get(bare, [])
        lon, lat = f["geometry"]["coordinates"]
        out.append({
            "id": f"metro-{i:03d}", "lonlat": (lon, lat),
            "props": {
                "id": f"metro-{i:03d}", "name_fa": f"ایستگاه مترو {bare}", "name_en": p.get("name_en"),
                "kind": "metro", "subkind": "metro_station", "category_fa": "ایستگاه مترو", "type_fa": None,
                "region_no": p.get("osm_region_no"), "aliases": _dedupe(aliases), "source": "metro",
                "synthetic": False, "address_fa": clean_name(p.get("address_fa")),
                "lines": list(p.get("lines") or []),
            },
        })
    return out


def _dedupe(items):
    seen, out = set(), []
    for x in items:
        if x and x not in seen:
            seen.add(x)
            out.append(x)
    return out


def _place_aliases(name: str, kind: str) -> list[str]:
    aliases = list(LANDMARK_ALIASES.get(name, []))
    if "-" in name:
        for part in (clean_name(x) for x in name.split("-")):
            if part and len(part) > 2 and not re.fullmatch(r"[\d\s]+", part):
                aliases.append(part)
                if kind == "square" and not part.startswith("میدان"):
                    aliases.append(f"میدان {part}")
    if re.search(r"\d", name):
        aliases.append(to_persian_digits(name))
    return _dedupe([a for a in aliases if a != name])


def landmark_lookup(landmarks) -> dict[str, tuple[float, float]]:
    """normalised name -> first point with that name (places first, then metro by bare name)."""
    out: dict[str, tuple[float, float]] = {}
    for lm in landmarks:
        p = lm["props"]
        keys = [p["name_fa"]] + ([p["aliases"][0]] if p["source"] == "metro" else [])
        for k in keys:
            out.setdefault(normalise_fa(k), lm["lonlat"])
    return out


def resolve_waypoint(wp, landmarks):
    if isinstance(wp, tuple):
        return wp
    src, _, rest = wp.partition(":")
    name, _, region = rest.partition("@")
    key = normalise_fa(zw(name))
    for lm in landmarks:
        p = lm["props"]
        if src == "place" and p["source"] != "places":
            continue
        if src == "metro" and p["source"] != "metro":
            continue
        label = p["aliases"][0] if src == "metro" else p["name_fa"]
        if normalise_fa(label) != key:
            continue
        if region and str(p["region_no"]) != region:
            continue
        return lm["lonlat"]
    raise KeyError(f"waypoint not found in the shared data: {wp}")


# ---------------------------------------------------------------------------------------------- streets

class DistrictIndex:
    def __init__(self, districts):
        self.districts = districts
        self.geoms = [d["geom"] for d in districts]
        for g in self.geoms:
            shapely.prepare(g)
        self.tree = shapely.STRtree(self.geoms)

    def at(self, pt) -> int:
        hits = sorted(self.tree.query(pt, predicate="intersects").tolist())
        if hits:
            return hits[0]
        return int(self.tree.query_nearest(pt, all_matches=False)[0])

    def along(self, line) -> list[int]:
        """Districts crossed by ``line`` in order of travel (sampled every ~25 m)."""
        mx, _ = metres_per_deg(line.centroid.y)
        step = 25.0 / mx
        n = max(2, int(line.length / step) + 1)
        pts = shapely.line_interpolate_point(line, [line.length * i / (n - 1) for i in range(n)])
        src, idx = self.tree.query(pts, predicate="intersects")
        first: dict[int, int] = {}
        for s, t in sorted(zip(src.tolist(), idx.tolist())):
            first.setdefault(t, s)
        return [t for t, _ in sorted(first.items(), key=lambda kv: (kv[1], kv[0]))]


def jittered_polyline(points, rng: random.Random, spacing_m=600.0, jitter_m=25.0):
    out = [points[0]]
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        mx, my = metres_per_deg((y0 + y1) / 2)
        dx, dy = (x1 - x0) * mx, (y1 - y0) * my
        d = math.hypot(dx, dy)
        n = max(1, min(4, int(d / spacing_m)))
        nx, ny = (-dy / d, dx / d) if d else (0.0, 0.0)
        for i in range(1, n):
            t = i / n
            off = rng.gauss(0.0, jitter_m)
            out.append((x0 + (x1 - x0) * t + nx * off / mx, y0 + (y1 - y0) * t + ny * off / my))
        out.append((x1, y1))
    return out



def build_streets(districts, landmarks):
    index = DistrictIndex(districts)
    streets: list[dict] = []

    def add(props, geom):
        sid = f"st-{len(streets) + 1:06d}"
        props = {"id": sid, **props}
        streets.append({"props": props, "geom": geom})
        return streets[-1]

    def placement(geom):
        mid = shapely.line_interpolate_point(geom, 0.5, normalized=True)
        di = index.at(mid)
        codes = [districts[i]["code"] for i in index.along(geom)]
        if districts[di]["code"] not in codes:
            codes.append(districts[di]["code"])
        return districts[di], codes

    # (a) arteries through real landmarks
    rng = rng_for("arteries")
    arteries = []
    for name_fa, name_en, kind, aliases, waypoints in ARTERIES:
        pts = [resolve_waypoint(wp, landmarks) for wp in waypoints]
        geom = snap(LineString(jittered_polyline(pts, rng)))
        d, codes = placement(geom)
        rec = add({"name_fa": zw(name_fa), "name_en": name_en, "kind": kind, "parent_id": None,
                   "region_no": d["region_no"], "district_code": d["code"], "district_codes": codes,
                   "aliases": [zw(a) for a in aliases], "synthetic": True}, geom)
        arteries.append(rec)

    martyrs = parse_pool(MARTYR_SURNAMES)
    nature = parse_pool(NATURE_NAMES)
    figures = parse_pool(FIGURE_NAMES)
    abstract = parse_pool(ABSTRACT_NAMES)
    ordinals = parse_pool(ORDINALS)

    def street_name(rng) -> tuple[str, str, str]:
        r = rng.random()
        if r < 0.10:
            fa, en = rng.choice(nature + figures + abstract)
            return f"بلوار {fa}", f"{en} Blvd", "boulevard"
        if r < 0.40:
            fa, en = rng.choice(martyrs)
            return f"خیابان شهید {fa}", f"Shahid {en} St", "street"
        if r < 0.60:
            fa, en = rng.choice(nature)
            return f"خیابان {fa}", f"{en} St", "street"
        if r < 0.72:
            fa, en = rng.choice(figures)
            return f"خیابان {fa}", f"{en} St", "street"
        if r < 0.82:
            fa, en = rng.choice(abstract)
            return f"خیابان {fa}", f"{en} St", "street"
        if r < 0.92:
            fa, en = rng.choice(ordinals)
            return f"خیابان {fa}", f"{en} St", "street"
        w = rng.choice([12, 16, 20, 24, 30, 35, 45])
        return f"خیابان {to_persian_digits(w)} متری", f"{w}m St", "street"

    def alley_name(rng, number: int) -> tuple[str, str]:
        r = rng.random()
        if r < 0.58:
            return f"کوچه {to_persian_digits(number)}", f"Alley {number}"
        if r < 0.78:
            fa, en = rng.choice(nature)
            return f"کوچه {fa}", f"{en} Alley"
        if r < 0.95:
            fa, en = rng.choice(martyrs)
            return f"کوچه شهید {fa}", f"Shahid {en} Alley"
        fa, en = rng.choice(nature + abstract)
        return f"بن_بست {fa}".replace("_", ZWNJ), f"{en} Dead End"

    def clip_longest(line, poly):
        g = shapely.intersection(line, poly, grid_size=GRID)
        parts = [p for p in shapely.get_parts(g) if p.geom_type == "LineString" and not p.is_empty]
        if not parts:
            return None
        return max(parts, key=lambda p: (p.length, p.coords[0]))

    def make_alleys(parent, poly, rng, n, number_start=1):
        line = parent["geom"]
        ts = sorted(rng.uniform(0.04, 0.96) for _ in range(n))
        # alleys are numbered along their street; a street's first alleys may lie in another district, and
        # many streets number one side odd and the other even, so start and step vary
        number = number_start + (rng.randrange(0, 12) if rng.random() < 0.6 else 0)
        step = 2 if rng.random() < 0.3 else 1
        used_names: set[str] = set()
        for j, t in enumerate(ts):
            p0 = line.interpolate(t, normalized=True)
            # local direction of the parent
            p1 = line.interpolate(min(1.0, t + 0.01), normalized=True)
            pm = line.interpolate(max(0.0, t - 0.01), normalized=True)
            mx, my = metres_per_deg(p0.y)
            dx, dy = (p1.x - pm.x) * mx, (p1.y - pm.y) * my
            side = 1 if j % 2 == 0 else -1
            ang = math.atan2(dy, dx) + side * math.pi / 2 + rng.uniform(-0.18, 0.18)
            length = rng.uniform(60, 220)
            bend = rng.uniform(-0.25, 0.25)
            xa = p0.x + math.cos(ang) * length * 0.55 / mx
            ya = p0.y + math.sin(ang) * length * 0.55 / my
            xb = xa + math.cos(ang + bend) * length * 0.45 / mx
            yb = ya + math.sin(ang + bend) * length * 0.45 / my
            geom = clip_longest(LineString([(p0.x, p0.y), (xa, ya), (xb, yb)]), poly)
            if geom is None or length_m(geom) < 35:
                continue
            for _ in range(5):
                fa, en = alley_name(rng, number)
                if fa not in used_names:
                    break
            if fa.startswith("کوچه ۰") or fa in used_names:
                fa, en = f"کوچه {to_persian_digits(number)}", f"Alley {number}"
            used_names.add(fa)
            number += step
            d_, codes = placement(geom)
            add({"name_fa": fa, "name_en": en, "kind": "alley", "parent_id": parent["props"]["id"],
                 "region_no": d_["region_no"], "district_code": d_["code"], "district_codes": codes,
                 "aliases": [], "synthetic": True}, geom)

    # (c, part 1) alleys off the arteries, one every ~300 m, inside the district they start in
    for art in arteries:
        rng = rng_for("artery-alleys", art["props"]["id"])
        geom = art["geom"]
        n = max(4, int(length_m(geom) / 300))
        for di in index.along(geom):
            d = districts[di]
            piece = clip_longest(geom, d["geom"])
            if piece is None or length_m(piece) < 200:
                continue
            k = max(1, round(n * length_m(piece) / length_m(geom)))
            proxy = {"geom": piece, "props": art["props"]}
            make_alleys(proxy, d["geom"], rng, k)

    # (b) side streets inside each district, (c, part 2) their alleys
    for d in districts:
        rng = rng_for("side-streets", d["code"])
        poly = d["geom"]
        n_streets = max(14, min(70, round(area_km2(poly) * 7.5)))
        theta = rng.uniform(0, math.pi / 2)
        pts = sample_in_polygon(poly, n_streets * 2, rng)
        used_names: set[str] = set()
        made = 0
        for (x, y) in pts:
            if made >= n_streets:
                break
            mx, my = metres_per_deg(y)
            ang = theta + (math.pi / 2 if rng.random() < 0.5 else 0.0) + rng.uniform(-0.14, 0.14)
            length = rng.uniform(280, 1000)
            half = length / 2
            bend = rng.uniform(-0.12, 0.12)
            xa, ya = x - math.cos(ang) * half / mx, y - math.sin(ang) * half / my
            xb, yb = x + math.cos(ang + bend) * half / mx, y + math.sin(ang + bend) * half / my
            line = LineString([(xa, ya), (x, y), (xb, yb)])
            geom = clip_longest(line, poly)
            if geom is None or length_m(geom) < 150:
                continue
            for _ in range(8):
                fa, en, kind = street_name(rng)
                if fa not in used_names:
                    break
            else:
                continue
            used_names.add(fa)
            dd, codes = placement(geom)
            rec = add({"name_fa": fa, "name_en": en, "kind": kind, "parent_id": None,
                       "region_no": dd["region_no"], "district_code": dd["code"], "district_codes": codes,
                       "aliases": [], "synthetic": True}, geom)
            made += 1
            k = max(1, min(6, round(length_m(geom) / 170)))
            make_alleys(rec, poly, rng, k)
    return streets


# ---------------------------------------------------------------------------------------------- output

def build_categories() -> dict:
    subjects = []
    for code, fa, en, children in CATEGORIES:
        subjects.append({
            "code": code, "name_fa": zw(fa), "name_en": en,
            "children": [
                {"code": f"{code}.{c}", "name_fa": zw(cfa), "name_en": cen, "urgency_default": urg,
                 "sla_hours": sla, "season": season, "weight": w}
                for c, cfa, cen, urg, sla, season, w in children
            ],
        })
    return {
        "version": 1,
        "source": "Seeded from reference/tehran137_categories_observed.md (subjects observed in published 137 "
                  "reports). Not the official Tehran 137 taxonomy.",
        "urgency_values": {"immediate": "answered during the call (information, thanks)",
                           "trackable": "registered and referred; tracked by code until answered"},
        "subjects": subjects,
    }


def run(shared: Path, out: Path, quiet: bool = False) -> dict:
    t0 = time.perf_counter()
    log = (lambda *a: None) if quiet else (lambda *a: print(*a, file=sys.stderr))
    out.mkdir(parents=True, exist_ok=True)

    regions = build_regions(shared)
    landmarks = build_landmarks(shared)
    log(f"regions {len(regions)}, landmarks {len(landmarks)}  ({time.perf_counter() - t0:.1f}s)")
    districts = build_districts(regions)
    log(f"districts {len(districts)}  ({time.perf_counter() - t0:.1f}s)")
    neighbourhoods = build_neighbourhoods(districts, landmark_lookup(landmarks))
    log(f"neighbourhoods {len(neighbourhoods)}  ({time.perf_counter() - t0:.1f}s)")
    streets = build_streets(districts, landmarks)
    log(f"streets {len(streets)}  ({time.perf_counter() - t0:.1f}s)")

    odbl = "© OpenStreetMap contributors, ODbL 1.0"
    write_geojson(out / "regions.geojson", "tehran_regions",
                  [feature(r["props"], r["geom"]) for r in regions],
                  {"attribution": odbl + " (regions: OSM via github.com/herotux/toosmap)", "synthetic": False})
    write_geojson(out / "districts.geojson", "tehran_districts_synthetic",
                  [feature(d["props"], d["geom"]) for d in districts],
                  {"attribution": "SYNTHETIC demo districts partitioning " + odbl + " regions", "synthetic": True})
    write_geojson(out / "neighbourhoods.geojson", "tehran_neighbourhoods_synthetic",
                  [feature(n["props"], n["geom"]) for n in neighbourhoods],
                  {"attribution": "SYNTHETIC demo neighbourhoods partitioning " + odbl + " regions",
                   "synthetic": True})
    write_geojson(out / "streets.geojson", "tehran_streets_synthetic",
                  [feature(s["props"], s["geom"]) for s in streets],
                  {"attribution": "SYNTHETIC demo street network (names realistic, geometry invented); arteries "
                                  "routed through real landmark points", "synthetic": True})
    write_geojson(out / "landmarks.geojson", "tehran_landmarks",
                  [feature(lm["props"], Point(lm["lonlat"])) for lm in landmarks],
                  {"attribution": "places: github.com/mosayeb-a/tehran-metro (GPL-3.0); metro stations: "
                                  "github.com/mostafa-kheibary/tehran-metro-data (ODbL 1.0)", "synthetic": False})
    (out / "categories.json").write_text(
        json.dumps(build_categories(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (out / "PROVENANCE.md").write_text(provenance_text(regions, districts, neighbourhoods, streets, landmarks),
                                       encoding="utf-8")

    files = ["regions.geojson", "districts.geojson", "neighbourhoods.geojson", "streets.geojson",
             "landmarks.geojson", "categories.json", "PROVENANCE.md"]
    manifest = {
        "builder": "demo/city_builder.py",
        "seed": SEED,
        "shapely": shapely.__version__,
        "geos": ".".join(map(str, shapely.geos_version)),
        "counts": {"regions": len(regions), "districts": len(districts), "neighbourhoods": len(neighbourhoods),
                   "streets": len(streets), "landmarks": len(landmarks)},
        "sha256": {f: hashlib.sha256((out / f).read_bytes()).hexdigest() for f in files},
    }
    (out / "build_manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n",
                                             encoding="utf-8")
    log(f"done in {time.perf_counter() - t0:.1f}s -> {out}")
    return manifest


def provenance_text(regions, districts, neighbourhoods, streets, landmarks) -> str:
    kinds: dict[str, int] = {}
    for s in streets:
        kinds[s["props"]["kind"]] = kinds.get(s["props"]["kind"], 0) + 1
    n_cat = sum(len(c[3]) for c in CATEGORIES)
    n_places = sum(1 for lm in landmarks if lm["props"]["source"] == "places")
    n_metro = len(landmarks) - n_places
    return PROVENANCE_TEMPLATE.format(
        regions=len(regions), districts=len(districts), neighbourhoods=len(neighbourhoods),
        streets=len(streets), arteries=len(ARTERIES), street_n=kinds.get("street", 0),
        boulevard_n=kinds.get("boulevard", 0), highway_n=kinds.get("highway", 0), alley_n=kinds.get("alley", 0),
        landmarks=len(landmarks), places=n_places, metro=n_metro, subjects=len(CATEGORIES), children=n_cat,
        seed=SEED,
    )


PROVENANCE_TEMPLATE = """\
# data/demo — the demo city (Tehran): provenance, licences, what is synthetic

Built by `demo/city_builder.py` from the read-only shared data set (`/work/shared/data`, see its
`PROVENANCE.md`). Rebuild from the repository root with

    python -m demo.city_builder --shared ../shared/data --out data/demo

(only shapely 2 is needed besides the standard library). The build is deterministic (seed `{seed}`, sorted
inputs, stable output order, coordinates snapped to a 1e-6° grid and written with 6 decimals): the same
shapely/GEOS versions give byte-identical files. `build_manifest.json` records the sha256 of every file and the
shapely/GEOS versions that produced them. All coordinates are WGS84 lon/lat (EPSG:4326).

**Every synthetic feature carries `"synthetic": true`, and the product must show a visible "synthetic demo
data" label wherever districts, neighbourhoods or streets from this folder are displayed.** A municipality
imports its real boundaries and streets instead (GeoJSON, Shapefile, GeoPackage, OSM .osm/.pbf, CSV).

## Licence of this folder

The regions and the metro stations are OpenStreetMap-derived data under the **Open Database Licence (ODbL) 1.0 —
"© OpenStreetMap contributors"**. The districts, neighbourhoods and streets are derived from the regions
(they partition them), so **this demo database as a whole, and any database built from it, stays under ODbL
1.0**; show "© OpenStreetMap contributors" in the UI. The 904 places come from a GPL-3.0 repository (see below);
keep that notice with them. The category tree is our own text seeded from public facts.

## Files

| file | what | features | synthetic |
|---|---|---|---|
| `regions.geojson` | Tehran's 22 municipal regions (مناطق) | {regions} | no — real OSM geometry |
| `districts.geojson` | districts (نواحی) | {districts} | **yes** |
| `neighbourhoods.geojson` | neighbourhoods (محلات) | {neighbourhoods} | **yes** (names realistic) |
| `streets.geojson` | street network | {streets} | **yes** |
| `landmarks.geojson` | named places + metro stations | {landmarks} | no — real points |
| `categories.json` | request categories (موضوع → زیرموضوع) | {subjects} + {children} | seeded from reports |
| `build_manifest.json` | sha256 of the files above, versions, counts | | |

### regions.geojson — real
- Source: `tehran/regions.geojson`, an OpenStreetMap Overpass export (2025-01-26) redistributed via
  github.com/herotux/toosmap `tehran_regions.geojson`, commit `ff32704653ea6bdec0fda8b8d63249e798149900`.
  Licence **ODbL 1.0, © OpenStreetMap contributors**.
- Geometry copied; vertices snapped to the 1e-6° grid (≈0.1 m). Properties: `region_no` (1–22),
  `name_fa` ("منطقه ۱"), `name_en` ("Region 1"), `osm_id`, `wikidata`, `synthetic: false`.

### districts.geojson — synthetic
- No open district boundaries exist for Tehran. Each region is partitioned into its district count: known counts
  1 → 10, 5 → 7, 6 → 6, 8 → 3, 10 → 3, 22 → 4 (public reports); every other region gets 4–7 in proportion to its
  area so that the city has 122 districts (the published total).
- Method: seeded random points inside the region → k-means (k = district count, local metric projection) →
  shapely `voronoi_diagram` of the k centres → cell edges noded with the region boundary on the 1e-6° grid →
  faces assigned to their Voronoi cell → detached fragments given to the neighbour with the longest shared edge.
  The districts of a region tile it exactly (no gaps, no overlaps, valid single polygons). Districts are numbered
  north to south, west to east.
- Properties: `region_no`, `district_no`, `code` ("6-2"), `name_fa` ("ناحیه ۲ منطقه ۶"), `name_en`
  ("Region 6 District 2"), `synthetic: true`.

### neighbourhoods.geojson — synthetic
- Every district is partitioned the same way into 2–4 neighbourhoods (in proportion to area; 374 in total, the
  published count). Names are real Tehran neighbourhood names listed per region in the build script; a name whose
  landmark (e.g. «میدان ونک», metro «قلهک») lies in the region is given to the neighbourhood containing it, the
  rest are assigned at random; repeats get «شمالی/جنوبی/…» suffixes. Names are unique city-wide. The polygons do
  not match the real neighbourhoods.
- Properties: `region_no`, `district_code`, `code` ("6-2-1"), `name_fa`, `name_en`, `synthetic: true`.

### streets.geojson — synthetic
- No open Tehran street geometry could be obtained. {streets} features: {highway_n} highways, {boulevard_n}
  boulevards, {street_n} streets, {alley_n} alleys.
- (a) {arteries} main arteries named after real Tehran arteries (خیابان ولیعصر, خیابان انقلاب, خیابان آزادی,
  بزرگراه مدرس, بزرگراه همت, …) routed through **real landmark points** of `landmarks.geojson` where possible (e.g.
  ولیعصر: میدان راه آهن → منیریه → تئاتر شهر → میدان ولی عصر → میدان ونک → چهارراه پارک وی → میدان تجریش),
  with a few jittered vertices in between and literal waypoints where no landmark sits on the road. Their
  `aliases` hold old/colloquial names (ولیعصر ↔ پهلوی، مصدق; انقلاب ↔ شاهرضا; مدرس ↔ اتوبان مدرس …).
- (b) side streets (خیابان …, خیابان شهید …, بلوار …) scattered inside each district on a per-district grid
  orientation, names drawn from pools of martyrs' surnames, flowers, poets, ordinals and widths ("۲۰ متری").
- (c) alleys (کوچه ۱۲, کوچه نیلوفر, کوچه شهید احمدی, a few بن‌بست …) starting on their parent street (`parent_id`)
  and running beside it, numbered along the parent; arteries get alleys too.
- Lines are clipped to their district. Names repeat across the city, as in real cities.
- Properties: `id` ("st-000123"), `name_fa` (full label with its type word), `name_en`, `kind`
  (street|boulevard|highway|alley), `parent_id` (alleys only, else null), `region_no`, `district_code` (district
  containing the line's midpoint), `district_codes` (all districts the line passes through, in order of travel),
  `aliases`, `synthetic: true`.

### landmarks.geojson — real points ({places} places + {metro} metro stations, no dedup)
- Places: `tehran/places.geojson` from github.com/mosayeb-a/tehran-metro `places.json`, commit
  `78ad95ba95b19238a8ffad64a3fb81dc0bc04059`. Repository licence **GPL-3.0**; the origin of the points is not
  documented. Known noise kept as is: shared coordinates, a few mis-categorised rows.
- Metro: `tehran/metro_stations.geojson` from github.com/mostafa-kheibary/tehran-metro-data `data/stations.json`,
  commit `a912eaa5120e4738f2790573774dfb1dde76432f`. Licence **ODbL 1.0**.
- `region_no` is the shared data's `osm_region_no` (containing region; null outside the city).
- Properties: `id` ("pl-0001" in source order, "metro-001"), `name_fa` (stray spaces removed; metro stations are
  labelled "ایستگاه مترو تجریش"), `name_en` (metro only), `kind` (metro|square|landmark), `subkind` (English slug of
  `category_fa`: hospital, university, municipal_office, park, …), `category_fa`, `type_fa`, `region_no`, `aliases`
  (metro: the bare name, "مترو X", "ایستگاه X"; squares: a few historic names such as میدان انقلاب ↔ میدان ۲۴ اسفند,
  میدان آزادی ↔ میدان شهیاد; names with Latin digits also with Persian digits), `source` (places|metro),
  `synthetic: false`; metro stations also `address_fa` and `lines`.

### categories.json — seeded, not official
- From `reference/tehran137_categories_observed.md` (subjects observed in published 137 reports: urban services,
  green space, snow and flooding, encroachment, construction, social, the criticism/complaint/suggestion top-10,
  …) plus information requests. Subject → children with `code` ("green_space.tree_pruning"), `name_fa`, `name_en`,
  `urgency_default` (immediate|trackable), `sla_hours`, `season` (winter|rain|null), `weight` (relative frequency,
  our estimate for the demo).

## Demo requests
`demo/request_generator.py` generates synthetic citizen requests over this city (deterministic for a seed);
they are fictitious, including names and phone numbers.
"""


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=REPO_ROOT.parent / "shared" / "data",
                    help="the shared data folder (default: ../shared/data relative to the repo root)")
    ap.add_argument("--out", type=Path, default=REPO_ROOT / "data" / "demo",
                    help="output folder (default: data/demo in the repo)")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    run(args.shared, args.out, quiet=args.quiet)
    return 0


if __name__ == "__main__":
    sys.exit(main())
