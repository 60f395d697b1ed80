"""Persian names of the section 8 case studies: our translations, not the paper's.

One entry per ``place_id`` of ``international_rows.ROWS``; the script that
writes ``data/international_clusters.csv`` merges them and stops if a place
lacks one. Place names follow common Persian spelling; where we know none,
they are transliterated.
"""

from __future__ import annotations

CHINA = "چین"
KOREA = "کره جنوبی"
INDIA = "هند"
ITALY = "ایتالیا"
MEXICO = "مکزیک"
TEXTILE = "نساجی و پوشاک"
WIRELESS = "تجهیزات ارتباطات بی‌سیم"

PERSIAN: dict[str, dict[str, str]] = {
    "hsinchu": {
        "case_name_fa": "پارک علمی شین‌چو",
        "short_name_fa": "شین‌چو",
        "place_fa": "شین‌چو",
        "country_fa": "تایوان",
        "sector_fa": "سخت‌افزار فناوری اطلاعات (مدارهای مجتمع و رایانه‌های شخصی)",
    },
    "pearl-river-delta": {
        "case_name_fa": "خوشه‌های نساجی و پوشاک دلتای رود مروارید",
        "short_name_fa": "دلتای رود مروارید",
        "place_fa": "دلتای رود مروارید (نشانگر در دونگ‌گوان)",
        "country_fa": CHINA,
        "sector_fa": TEXTILE,
    },
    "yangtze-river-delta": {
        "case_name_fa": "خوشه‌های نساجی و پوشاک دلتای رود یانگ‌تسه",
        "short_name_fa": "دلتای رود یانگ‌تسه",
        "place_fa": "دلتای رود یانگ‌تسه (نشانگر در شانگهای)",
        "country_fa": CHINA,
        "sector_fa": TEXTILE,
    },
    "zhongguancun": {
        "case_name_fa": "منطقه علم و فناوری جونگ‌گوان‌تسون",
        "short_name_fa": "جونگ‌گوان‌تسون",
        "place_fa": "هایدیان، پکن",
        "country_fa": CHINA,
        "sector_fa": "اطلاعات الکترونیکی، اپتیک، حفاظت از محیط زیست، انرژی‌های نو",
    },
    "korea-electronics": {
        "case_name_fa": "شبکه‌های بنگاه‌های بزرگ و کوچک در صنعت الکترونیک کره جنوبی",
        "short_name_fa": "الکترونیک کره",
        "place_fa": "کره جنوبی (سراسر کشور؛ نشانگر در سئول)",
        "country_fa": KOREA,
        "sector_fa": "الکترونیک",
    },
    "incheon": {
        "case_name_fa": "منطقه آزاد اقتصادی اینچئون",
        "short_name_fa": "منطقه آزاد اینچئون",
        "place_fa": "اینچئون",
        "country_fa": KOREA,
        "sector_fa": "صنایع و خدمات با فناوری برتر",
    },
    "msc-malaysia": {
        "case_name_fa": "ابرکریدور چندرسانه‌ای",
        "short_name_fa": "کریدور چندرسانه‌ای مالزی",
        "place_fa": "سایبرجایا",
        "country_fa": "مالزی",
        "sector_fa": "چندرسانه‌ای و فناوری اطلاعات و ارتباطات",
    },
    "bangalore": {
        "case_name_fa": "شبکه‌های فناوری پیشرفته بنگلور",
        "short_name_fa": "بنگلور",
        "place_fa": "بنگلور (بنگالورو)",
        "country_fa": INDIA,
        "sector_fa": "الکترونیک، نرم‌افزار، مخابرات، هوافضا و دفاع، ماشین‌آلات",
    },
    "tiruppur": {
        "case_name_fa": "خوشه کشباف تیروپور",
        "short_name_fa": "تیروپور",
        "place_fa": "تیروپور",
        "country_fa": INDIA,
        "sector_fa": "کشباف پنبه‌ای",
    },
    "upper-austria": {
        "case_name_fa": "خوشه‌های اتریش علیا",
        "short_name_fa": "اتریش علیا",
        "place_fa": "اتریش علیا (نشانگر در لینتس)",
        "country_fa": "اتریش",
        "sector_fa": "خودرو؛ فناوری خودرو و حمل‌ونقل؛ پلاستیک؛ چوب؛ محیط زیست و انرژی؛ "
        "مواد غذایی؛ مواد بهداشتی؛ مکاترونیک",
    },
    "marche": {
        "case_name_fa": "ناحیه صنعتی کفش مارکه",
        "short_name_fa": "مارکه",
        "place_fa": "مونته‌گرانارو",
        "country_fa": ITALY,
        "sector_fa": "کفش",
    },
    "brenta": {
        "case_name_fa": "ناحیه صنعتی کفش ریویرا دل برنتا",
        "short_name_fa": "برنتا",
        "place_fa": "استرا",
        "country_fa": ITALY,
        "sector_fa": "کفش (کفش زنانه)",
    },
    "ireland-software": {
        "case_name_fa": "خوشه نرم‌افزار ایرلند",
        "short_name_fa": "ایرلند",
        "place_fa": "ایرلند (نشانگر در دوبلین)",
        "country_fa": "ایرلند",
        "sector_fa": "نرم‌افزار و خدمات فناوری اطلاعات",
    },
    "cambridge": {
        "case_name_fa": "خوشه فناوری پیشرفته کمبریج",
        "short_name_fa": "کمبریج",
        "place_fa": "کمبریج",
        "country_fa": "بریتانیا",
        "sector_fa": "فناوری پیشرفته و فناوری اطلاعات",
    },
    "finland-wireless": {
        "case_name_fa": "خوشه ارتباطات بی‌سیم: فنلاند (نوکیا)",
        "short_name_fa": "فنلاند (نوکیا)",
        "place_fa": "اسپو",
        "country_fa": "فنلاند",
        "sector_fa": WIRELESS,
    },
    "sweden-wireless": {
        "case_name_fa": "خوشه ارتباطات بی‌سیم: سوئد (اریکسون)",
        "short_name_fa": "سوئد (اریکسون)",
        "place_fa": "استکهلم",
        "country_fa": "سوئد",
        "sector_fa": WIRELESS,
    },
    "silicon-valley": {
        "case_name_fa": "دره سیلیکون",
        "short_name_fa": "دره سیلیکون",
        "place_fa": "پالو آلتو (پارک پژوهشی استنفورد)",
        "country_fa": "ایالات متحده آمریکا",
        "sector_fa": "فناوری پیشرفته: سخت‌افزار، ارتباطات، نیمه‌رساناها",
    },
    "sinos-valley": {
        "case_name_fa": "خوشه کفش دره سینوس",
        "short_name_fa": "دره سینوس",
        "place_fa": "نوو هامبورگو (دره سینوس)",
        "country_fa": "برزیل",
        "sector_fa": "کفش و چرم",
    },
    "leon": {
        "case_name_fa": "خوشه کفش لئون",
        "short_name_fa": "لئون",
        "place_fa": "لئون",
        "country_fa": MEXICO,
        "sector_fa": "کفش (مردانه و بچگانه)",
    },
    "guadalajara": {
        "case_name_fa": "خوشه کفش گوادالاخارا",
        "short_name_fa": "گوادالاخارا",
        "place_fa": "گوادالاخارا",
        "country_fa": MEXICO,
        "sector_fa": "کفش (از مواد مصنوعی)",
    },
}
