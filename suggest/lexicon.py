"""Generic gazetteers and word lists: countries, roles, reporting verbs, denial wording.

Nothing here names an actor or event of a particular article; these are the closed-class
words and world facts that any English news text leans on.
"""

from __future__ import annotations

# "Country|alias;Demonym|...;Capital|seat-of-government"
_COUNTRIES = """
Afghanistan;Afghan;Kabul
Albania;Albanian;Tirana
Algeria;Algerian;Algiers
Andorra;Andorran;
Angola;Angolan;Luanda
Argentina;Argentine|Argentinian;Buenos Aires
Armenia;Armenian;Yerevan
Australia;Australian;Canberra
Austria;Austrian;Vienna
Azerbaijan;Azerbaijani|Azeri;Baku
Bahrain;Bahraini;Manama
Bangladesh;Bangladeshi;Dhaka
Belarus;Belarusian;Minsk
Belgium;Belgian;Brussels
Benin;Beninese;Porto-Novo
Bhutan;Bhutanese;Thimphu
Bolivia;Bolivian;La Paz
Bosnia and Herzegovina|Bosnia;Bosnian;Sarajevo
Botswana;Botswanan;Gaborone
Brazil;Brazilian;Brasilia|Brasília
Brunei;Bruneian;
Bulgaria;Bulgarian;Sofia
Burkina Faso;Burkinabe;Ouagadougou
Burundi;Burundian;Gitega
Cambodia;Cambodian;Phnom Penh
Cameroon;Cameroonian;Yaounde
Canada;Canadian;Ottawa
Chad;Chadian;N'Djamena
Chile;Chilean;Santiago
China|PRC;Chinese;Beijing
Colombia;Colombian;Bogota|Bogotá
Congo|Democratic Republic of Congo|DRC;Congolese;Kinshasa
Costa Rica;Costa Rican;San Jose
Croatia;Croatian;Zagreb
Cuba;Cuban;Havana
Cyprus;Cypriot;Nicosia
Czech Republic|Czechia;Czech;Prague
Denmark;Danish;Copenhagen
Djibouti;Djiboutian;
Dominican Republic;Dominican;Santo Domingo
Ecuador;Ecuadorian;Quito
Egypt;Egyptian;Cairo
El Salvador;Salvadoran;San Salvador
Eritrea;Eritrean;Asmara
Estonia;Estonian;Tallinn
Eswatini;Swazi;Mbabane
Ethiopia;Ethiopian;Addis Ababa
Fiji;Fijian;Suva
Finland;Finnish;Helsinki
France;French;Paris
Gabon;Gabonese;Libreville
Gambia;Gambian;Banjul
Georgia;Georgian;Tbilisi
Germany;German;Berlin
Ghana;Ghanaian;Accra
Greece;Greek;Athens
Guatemala;Guatemalan;Guatemala City
Guinea;Guinean;Conakry
Guyana;Guyanese;Georgetown
Haiti;Haitian;Port-au-Prince
Honduras;Honduran;Tegucigalpa
Hungary;Hungarian;Budapest
Iceland;Icelandic;Reykjavik
India;Indian;New Delhi|Delhi
Indonesia;Indonesian;Jakarta
Iran;Iranian;Tehran
Iraq;Iraqi;Baghdad
Ireland;Irish;Dublin
Israel;Israeli;Jerusalem
Italy;Italian;Rome
Ivory Coast|Cote d'Ivoire;Ivorian;Abidjan|Yamoussoukro
Jamaica;Jamaican;Kingston
Japan;Japanese;Tokyo
Jordan;Jordanian;Amman
Kazakhstan;Kazakh;Astana
Kenya;Kenyan;Nairobi
Kosovo;Kosovar;Pristina
Kuwait;Kuwaiti;Kuwait City
Kyrgyzstan;Kyrgyz;Bishkek
Laos;Laotian|Lao;Vientiane
Latvia;Latvian;Riga
Lebanon;Lebanese;Beirut
Liberia;Liberian;Monrovia
Libya;Libyan;Tripoli
Lithuania;Lithuanian;Vilnius
Luxembourg;Luxembourgish;
Madagascar;Malagasy;Antananarivo
Malawi;Malawian;Lilongwe
Malaysia;Malaysian;Kuala Lumpur
Maldives;Maldivian;Male
Mali;Malian;Bamako
Malta;Maltese;Valletta
Mauritania;Mauritanian;Nouakchott
Mauritius;Mauritian;Port Louis
Mexico;Mexican;Mexico City
Moldova;Moldovan;Chisinau
Mongolia;Mongolian;Ulaanbaatar
Montenegro;Montenegrin;Podgorica
Morocco;Moroccan;Rabat
Mozambique;Mozambican;Maputo
Myanmar|Burma;Myanmar|Burmese;Naypyitaw|Naypyidaw
Namibia;Namibian;Windhoek
Nepal;Nepali|Nepalese;Kathmandu
Netherlands|Holland;Dutch;Amsterdam|The Hague
New Zealand;New Zealand;Wellington
Nicaragua;Nicaraguan;Managua
Niger;Nigerien;Niamey
Nigeria;Nigerian;Abuja
North Korea|DPRK|Democratic People's Republic of Korea;North Korean;Pyongyang
North Macedonia|Macedonia;Macedonian;Skopje
Norway;Norwegian;Oslo
Oman;Omani;Muscat
Pakistan;Pakistani;Islamabad
Palestine|Palestinian territories;Palestinian;Ramallah
Panama;Panamanian;Panama City
Papua New Guinea;Papua New Guinean;Port Moresby
Paraguay;Paraguayan;Asuncion
Peru;Peruvian;Lima
Philippines;Philippine|Filipino;Manila
Poland;Polish;Warsaw
Portugal;Portuguese;Lisbon
Qatar;Qatari;Doha
Romania;Romanian;Bucharest
Russia|Russian Federation;Russian;Moscow
Rwanda;Rwandan;Kigali
Saudi Arabia;Saudi;Riyadh
Senegal;Senegalese;Dakar
Serbia;Serbian;Belgrade
Sierra Leone;Sierra Leonean;Freetown
Singapore;Singaporean;
Slovakia;Slovak;Bratislava
Slovenia;Slovenian;Ljubljana
Somalia;Somali;Mogadishu
South Africa;South African;Pretoria
South Korea|Republic of Korea|ROK;South Korean;Seoul
South Sudan;South Sudanese;Juba
Spain;Spanish;Madrid
Sri Lanka;Sri Lankan;Colombo
Sudan;Sudanese;Khartoum
Sweden;Swedish;Stockholm
Switzerland;Swiss;Bern
Syria;Syrian;Damascus
Taiwan;Taiwanese;Taipei
Tajikistan;Tajik;Dushanbe
Tanzania;Tanzanian;Dodoma
Thailand;Thai;Bangkok
Togo;Togolese;Lome
Tunisia;Tunisian;Tunis
Turkey|Turkiye|Türkiye;Turkish;Ankara
Turkmenistan;Turkmen;Ashgabat
Uganda;Ugandan;Kampala
Ukraine;Ukrainian;Kyiv|Kiev
United Arab Emirates|UAE;Emirati;Abu Dhabi
United Kingdom|UK|U.K.|Britain|Great Britain;British;London|Downing Street|Whitehall
United States|US|U.S.|USA|U.S.A.|America;American|US|U.S.;Washington
Uruguay;Uruguayan;Montevideo
Uzbekistan;Uzbek;Tashkent
Venezuela;Venezuelan;Caracas
Vietnam|Viet Nam;Vietnamese;Hanoi
Yemen;Yemeni;Sanaa
Zambia;Zambian;Lusaka
Zimbabwe;Zimbabwean;Harare
"""

COUNTRY_BY_ALIAS: dict[str, str] = {}  # lower alias -> canonical country
DEMONYMS: dict[str, str] = {}  # lower demonym -> canonical country
CAPITALS: dict[str, str] = {}  # lower capital -> canonical country
for _line in _COUNTRIES.strip().splitlines():
    _names, _demonyms, _capitals = (part.split("|") if part else [] for part in _line.split(";"))
    for _n in _names:
        COUNTRY_BY_ALIAS[_n.lower()] = _names[0]
    for _d in _demonyms:
        DEMONYMS[_d.lower()] = _names[0]
    for _c in _capitals:
        CAPITALS[_c.lower()] = _names[0]


# Seats of government used as speakers, resolved to a government actor.
GOVERNMENT_NAMES = frozenset(
    "white house|kremlin|pentagon|elysee|élysée|elysee palace|downing street|blue house|"
    "state department|foreign office|home office|zhongnanhai|chancellery|number 10".split("|")
)

NEWS_AGENCIES = frozenset(
    "tass|interfax|ria novosti|ria|reuters|associated press|ap|afp|agence france-presse|xinhua|"
    "yonhap|kcna|korean central news agency|kyodo|anadolu|irna|bernama|antara|pti|"
    "press trust of india|efe|ansa|dpa|bloomberg|bbc|cnn|al jazeera|nhk|cctv|sputnik|"
    "upi|apa|ukrinform|unian|wafa|petra|sana|mena|saba|kuna|wam|spa".split("|")
)

ORG_WORDS = frozenset(
    """institute institution guild council agency organisation organization association union committee
    commission foundation bank corp corporation inc ltd plc llc ag sa gmbh group company co
    party university college school centre center fund federation court office authority
    board service services network watch international alliance league club forces army navy
    police ministry department administration secretariat parliament congress senate assembly
    tribunal programme program laboratory lab bureau unit trust society consortium coalition
    movement front initiative cabinet regulator watchdog research partners capital holdings
    airlines airways motors industries systems technologies pharmaceuticals labs hospital
    clinic electric energy power oil gas petroleum telecom telecommunications communications media
    entertainment pharma healthcare foods brands steel mining resources logistics shipping ventures
    solutions software electronics semiconductor chemicals insurance financial securities
    investments properties construction engineering cycling racing motorsport railways rail
    journal observatory cooperative co-operative collective chamber academy""".split()
)

# Group nouns that can stand as speakers. Institutions may stand bare ("Police said");
# the others need a modifier ("Western researchers", "Dutch port officials").
INSTITUTION_GROUPS = frozenset("police prosecutors investigators authorities".split())
GROUP_NOUNS = (
    frozenset(
        """officials researchers analysts experts scientists investigators prosecutors diplomats
    lawmakers legislators authorities officers observers monitors activists campaigners
    economists doctors residents witnesses sources athletes agencies governments ministers
    leaders negotiators inspectors regulators critics media allies lawyers attorneys families
    victims relatives parents teachers farmers workers employees staff shareholders investors
    protesters opponents supporters rivals clubs teams unions members voters students
    campaigners militants rebels fighters troops soldiers engineers auditors judges players
    councillors councilors villagers fishermen traders vendors shopkeepers merchants passengers
    commuters tenants miners nurses patients locals dockworkers drivers pilots""".split()
    )
    | INSTITUTION_GROUPS
)


def is_group_noun(word: str) -> bool:
    """People spoken of as a group: the list above, and any plural '-ists' (environmentalists,
    conservationists, journalists), but not '-lists' of things (playlists, checklists)."""
    word = word.lower()
    return word in GROUP_NOUNS or (
        len(word) >= 8
        and word.endswith("ists")
        and (not word.endswith("lists") or word[-6] in "ae")
    )


# Group references that stand for entities named earlier ("Both countries have denied ...").
GROUP_REFERENCES = frozenset(
    "countries nations governments sides states capitals parties companies firms men women leaders".split()
)

# Nouns that head a role description ("Kremlin spokesperson", "foreign minister").
ROLE_HEADS = frozenset(
    """spokesperson spokesman spokeswoman minister secretary president vice-president premier
    chancellor representative envoy ambassador official leader chief head director
    chairman chairwoman chair ceo cfo coo founder co-founder executive officer adviser advisor
    commander general admiral colonel governor mayor senator congressman congresswoman
    lawmaker judge justice prosecutor attorney lawyer barrister solicitor professor analyst
    researcher economist scientist expert coach manager captain striker player editor
    correspondent commissioner king queen prince princess pope cardinal archbishop bishop
    rabbi imam sheikh emir sultan dr mr mrs ms mx sir dame lord lady rev mp mep candidate
    negotiator inspector investigator auditor regulator owner partner member deputy
    aide strategist diplomat activist campaigner campaign nominee speaker whip
    superintendent sheriff detective sergeant lieutenant major captain marshal
    cyclist athlete runner swimmer champion midfielder defender goalkeeper
    doctor physician surgeon nurse teacher economist author writer historian coordinator
    administrator secretary-general rapporteur ombudsman counsel commentator columnist
    host presenter anchor reporter journalist pilot officer trustee governor-general
    treasurer attorney-general comptroller auditor-general inspector-general solicitor-general
    elder master organiser organizer chairperson headteacher headmaster""".split()
)


# Wording in the reported content that makes a statement a denial.
DENIAL_PATTERNS = (
    r"not based on (?:any )?(?:evidence|facts?)",
    r"(?:is|are|was|were|be)\s+(?:completely |totally |entirely |absolutely |simply )?"
    r"(?:false|untrue|baseless|groundless|unfounded|fabricated|fake|lies|nonsense|absurd|"
    r"inaccurate|incorrect|wrong|misleading|fiction)",
    r"\bgroundless\b",
    r"\b(?:did|done|do|does|doing) nothing wrong\b",
    r"\bno wrongdoing\b",
    r"\bbaseless\b",
    r"\bunfounded\b",
    r"\bfabricat\w+",
    r"\bnever happened\b",
    r"\b(?:don[’']t|do not|doesn[’']t|does not|didn[’']t|did not)\s+(?:provide|offer|present|"
    r"show|have)\s+(?:any\s+)?(?:evidence|proof)",
    r"\bno (?:evidence|proof)\b",
    r"\bwithout (?:any )?(?:evidence|proof|foundation)\b",
    r"\bnot true\b",
    r"\bdenied\b",
    r"\bdenies\b",
    r"\brejected\b",
    r"\bno truth\b",
    r"\bsmear\b",
    r"\bslander\w*",
    r"\bdefamatory\b",
    r"\bcherry-picked\b",
    r"\bdisinformation\b",
    r"\b(?:do|does|did|could|can)\s*(?:not|n[’']t)\s+(?:support|show|prove|establish|confirm|back|believe|accept)\b",
    r"\bno (?:causal )?(?:link|association|connection|relationship)\b",
    r"\bnot (?:responsible|involved|linked|connected|to blame)\b",
    # a test or inquiry that found nothing wrong: "tests showed no contamination"
    r"\b(?:show(?:ed|s|n)?|found|finds?|revealed|detected|identified|uncovered)\s+no\s+(?:\w+\s+)?"
    r"(?:contamination|pollution|wrongdoing|evidence|traces?|signs?|irregularit\w+|fraud|violations?|breach\w*|"
    r"abuse|harm|damage|leaks?|misconduct|manipulation|tampering|defects?|safety (?:issues|concerns|problems))\b",
    r"\bdisagree(?:s|d)?\b",
    # a flat negative existential: "There was no tampering", "Nothing in our systems links ..."
    r"\bthere (?:is|was|were|are|has been|have been) (?:absolutely |simply )?(?:no|nothing)\b"
    r"(?! (?:doubt|question|alternative|choice|option|way|time|need|reason to doubt|shortage|end|sign of (?:an? )?end)\b)",
    r"^nothing (?:in|about|we|that)\b",
)

# Judgements that make "X called it ..." / "describing it as ..." a denial.
DISMISSIVE_WORDS = (
    r"\b(?:misleading|false|untrue|lies?|lying|nonsense|absurd|ridiculous|ludicrous|preposterous|laughable|incorrect|inaccurate|baseless|"
    r"groundless|cherry-picked|fabricated|fabrication|fake|propaganda|fiction|unfounded|slander\w*|smear|"
    r"hoax|rubbish|distortion|disinformation|misinformation|hit job|witch[- ]hunt|smear campaign|"
    r"conspiracy theor\w+|politically motivated|scaremongering|fearmongering|exaggerated)\b"
)

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
MONTH_ABBREVIATIONS = {m[:3]: i + 1 for i, m in enumerate(MONTHS)} | {"sept": 9}
