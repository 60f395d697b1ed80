"""The paper's fifteen recommendations (section 9) and the case studies behind each.

The English text of each recommendation is verbatim from Mirhosseini &
Ghanbari (2010), section 9; ``text_fa`` is this project's Persian translation.
The links to section 8's case studies are this project's reading, not the
paper's: each names a case study and gives the passage that supports the link,
with the paper's own words between “ and ” (checked word for word by the tests).
A link is kept only where the passage does what the recommendation says;
where the paper comes only near it, the reason says so.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Recommendation:
    """One of the paper's fifteen recommendations and the cases we read as illustrating it."""

    number: int
    text: str
    text_fa: str
    links: dict[str, str]  # case_id -> why, quoting the paper between “ and ”


RECOMMENDATIONS: tuple[Recommendation, ...] = (
    Recommendation(
        1,
        "Establishing and developing the hardware and software infrastructures "
        "through state and overseas investments",
        "ایجاد و توسعه زیرساخت‌های سخت‌افزاری و نرم‌افزاری با سرمایه‌گذاری دولتی و خارجی",
        {
            "hsinchu": "skills and infrastructures “created in some two decades with public "
            "investment in education sector and also direct external investment from U.S. and "
            "Japan”",
            "msc-malaysia": "“The effective presence of government in providing infrastructures "
            "and its management”",
            "incheon": "the government “established Inkhun Economic Zone (IFEZ)”, three "
            "districts “designed with a total investment of 20 billion dollars”",
        },
    ),
    Recommendation(
        2,
        "Establishing knowledge park in order to attract overseas investment "
        "including financial, technical, and specialized investments",
        "ایجاد پارک دانش برای جذب سرمایه‌گذاری خارجی، از جمله سرمایه‌گذاری مالی، فنی و تخصصی",
        {
            "hsinchu": "“The main purpose of the establishment of the park was to attract foreign "
            "capital for research based institutions in Taiwan”",
            "msc-malaysia": "weak research and human resources made up for “through attractive "
            "environment of corridor for foreign investors”",
        },
    ),
    Recommendation(
        3,
        "Proffering consultations and financial, administrative, managerial, "
        "technical, and technological services and also, tax breaks by government "
        "for industrial bunch investors",
        "ارائه مشاوره و خدمات مالی، اداری، مدیریتی، فنی و فناوری، و نیز معافیت مالیاتی "
        "از سوی دولت برای سرمایه‌گذاران خوشه‌های صنعتی",
        {
            "hsinchu": "“20 percent lower taxes for people and organizations that invest in "
            "strategic industries”; ITRI “provided technical services to small and medium "
            "organizations”",
            "bangalore": "TECSOK “is about technical consultation”; SISI “provided business and "
            "technical services for local SMEs”",
            "ireland-software": "Enterprise Ireland: “R & D awards, tax cuts for exporters, "
            "providing consulting marketing and financial supports”",
        },
    ),
    Recommendation(
        4,
        "Attracting overseas investments through offering tax motives etc., "
        "especially in connection with potential industrial clusters",
        "جذب سرمایه‌گذاری خارجی با مشوق‌های مالیاتی و مانند آن، به‌ویژه در پیوند با "
        "خوشه‌های صنعتی بالقوه",
        {
            "ireland-software": "the programme of “industrialization by attracting foreign "
            "capital”, “using tools such as tax and investment incentives”",
            "hsinchu": "“20 percent lower taxes for people and organizations that invest in "
            "strategic industries (technology based) with VC investment method”, in a park "
            "meant “to attract foreign capital”",
            "msc-malaysia": "an incentive other than tax (the recommendation's “etc.”): an "
            "“attractive environment of corridor for foreign investors”",
        },
    ),
    Recommendation(
        5,
        "Establishing and formulating regulations related to production "
        "standards, and guaranteeing high quality and constant observation of them",
        "وضع و تدوین مقررات مربوط به استانداردهای تولید، و تضمین کیفیت بالا و نظارت پیوسته "
        "بر رعایت آن‌ها",
        {
            "bangalore": "the “Standards Institute of India is a governmental organ as a central "
            "provider of the equipment needed for certification ISO”",
        },
    ),
    Recommendation(
        6,
        "Establishing channels through which customers can give their "
        "suggestions and ideas to engineers and designers",
        "ایجاد مجاری‌ای که مشتریان از راه آن‌ها پیشنهادها و ایده‌های خود را به مهندسان و "
        "طراحان برسانند",
        {
            "tiruppur": "the nearest the paper comes to such a channel: the AEPC “was "
            "responsible for providing the costs related to meetings between buyers and "
            "sellers”",
        },
    ),
    Recommendation(
        7,
        "Building research and development laboratories, presenting the "
        "information related the production of commodities to the producers.",
        "ساخت آزمایشگاه‌های تحقیق و توسعه، و ارائه اطلاعات مربوط به تولید کالاها به تولیدکنندگان",
        {
            "tiruppur": "“Both AEPC and SITRA institutes are working for the preparation of "
            "laboratories for research , development , testing”",
            "bangalore": "the institutes of science and technology “encouraged research and "
            "development activities for companies in Banaglore”; TECSOK “provides justified "
            "plans for the small industries”",
            "hsinchu": "ITRI, “supported by share research projects”",
        },
    ),
    Recommendation(
        8,
        "Cooperating in establishment of an advanced system of the providers of "
        "commodities and services required for industrial clusters",
        "همکاری در ایجاد نظامی پیشرفته از تأمین‌کنندگان کالاها و خدمات مورد نیاز خوشه‌های صنعتی",
        {
            "italy-footwear": "“a very developed network from related companies that produce "
            "reverse products which were responsible for raw components for footwear industry”",
            "sinos-valley": "“the former relationship of manufacturers with shoe machinery of "
            "local suppliers and service productions”",
            "tiruppur": "“components manufacturers, knitting, the buttons instruments, and "
            "marking of instruments placed along with service providers”",
        },
    ),
    Recommendation(
        9,
        "Organizing regional, national, and international commercial "
        "exhibitions, forming export consortium, reducing export taxes, offering "
        "marketing and advertising activities consultations",
        "برگزاری نمایشگاه‌های تجاری منطقه‌ای، ملی و بین‌المللی، تشکیل کنسرسیوم صادراتی، "
        "کاهش مالیات صادرات، و ارائه مشاوره در فعالیت‌های بازاریابی و تبلیغات",
        {
            "tiruppur": "the AEPC paid “the costs related to meetings between buyers and "
            "sellers”; the TEA's “activities of advertising”",
            "bangalore": "associations “introducing members to foreign suppliers and markets” "
            "and “encouraging members to form a consortium”",
            "ireland-software": "Enterprise Ireland's “tax cuts for exporters”",
        },
    ),
    Recommendation(
        10,
        "Designing developmental strategies in order to connect the agencies to "
        "the international financial network to gain access to the big and growing "
        "demand of the produced commodities.",
        "طراحی راهبردهای توسعه برای پیوند بنگاه‌ها به شبکه مالی بین‌المللی، تا به تقاضای "
        "بزرگ و رو به رشد کالاهای تولیدی دست یابند",
        {
            "ireland-software": "“designing a development strategy in such a way that the Irish "
            "firms directly or indirectly through the MNC connect to the global trade network”",
            "hsinchu": "venture capital across Taipei and Silicon Valley made “a new union "
            "network that connects the investors , entrepreneurs and large institutions "
            "together”, “achieving global markets”",
        },
    ),
    Recommendation(
        11,
        "Granting awards for establishing R&D units and underwriting any "
        "innovation and initiative in industrial clusters",
        "اعطای جایزه برای ایجاد واحدهای تحقیق و توسعه و پشتیبانی از هر نوآوری و ابتکار در "
        "خوشه‌های صنعتی",
        {
            "ireland-software": "Enterprise Ireland “giving R & D awards”",
            "upper-austria": "the regional government funds “any innovation, joint projects "
            "within the emerging cluster and using at least three companies”",
        },
    ),
    Recommendation(
        12,
        "Establishing credit institutions in order to cover the cost of "
        "financial needs of producers with lower interest and easier access",
        "ایجاد مؤسسات اعتباری برای تأمین نیازهای مالی تولیدکنندگان با بهره کمتر و دسترسی آسان‌تر",
        {
            "mexico-footwear": "credit unions of shoe makers “causing easier access and cheaper "
            "access to get loans from the banking sector”",
            "korea-electronics": "business domains reserved for SMEs, which “increases the ratio "
            "of commercial banks lending to SME”",
        },
    ),
    Recommendation(
        13,
        "Dispatching teams and individuals related to clusters to developed "
        "industrial clusters regions of the world to get the latest developments and "
        "innovations on the field of industrial clusters",
        "اعزام گروه‌ها و افراد مرتبط با خوشه‌ها به مناطق دارای خوشه‌های صنعتی پیشرفته جهان، "
        "برای آگاهی از تازه‌ترین تحولات و نوآوری‌ها در زمینه خوشه‌های صنعتی",
        {
            "hsinchu": "Taiwan's venture-capital framework was responsible “for sending some "
            "groups to Silican valley to become expert in management of VC institution”",
        },
    ),
    Recommendation(
        14,
        "Adopting and applying growth strategy based on promoting innovation and "
        "establishing the quality of the commodities",
        "اتخاذ و به‌کارگیری راهبرد رشد مبتنی بر ترویج نوآوری و تثبیت کیفیت کالاها",
        {
            "hsinchu": "from 1990 Taiwan “planned its growth strategy based on innovation and "
            "product quality”",
            "italy-footwear": "Italy's shoe makers “used its superiority in the fields of design, "
            "shape and mode of shoes”",
        },
    ),
    Recommendation(
        15,
        "Following the strategy of decentralization of production phases "
        "through contract in order to reduce the costs, increase flexibility, and "
        "escalate the extent of specialization.",
        "پیروی از راهبرد تمرکززدایی از مراحل تولید از راه پیمانکاری، برای کاهش هزینه‌ها، "
        "افزایش انعطاف‌پذیری و گسترش تخصص‌گرایی",
        {
            "korea-electronics": "“the production of standard goods provides through series of "
            "subcontractors”",
            "italy-footwear": "“division of the production cycle between several industrial "
            "institutions each of which specialized in particular producing stages”",
            "tiruppur": "non-exporting producers are “considered as contractors which act for "
            "the first two categories”",
        },
    ),
)
RECOMMENDATION_BY_NUMBER = {r.number: r for r in RECOMMENDATIONS}
