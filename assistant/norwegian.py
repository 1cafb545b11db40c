"""Norwegian text analysis for the lexical index: tokens, stop words, stems, character n-grams,
abbreviations and a small domain thesaurus.

Variants are named so the evaluation can compare them (``python -m eval retrieval``):
``word`` (lower-cased words), ``stem`` (Snowball Norwegian, a short noun's definite form by its
base: ``lexical_stem``), ``char4`` (character 4-grams of each word, which matches parts of
compounds such as "spesialundervisning"), ``stem+char4`` (both token kinds in one index). The default is the variant that won on our question set; see README.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

import Stemmer

from assistant.fieldterms import FIELD_PHRASES
from assistant.nynorsk import NynorskMap, load_map
from assistant.nynorsk import source_id as nynorsk_source_id

VARIANTS = ("word", "stem", "char4", "stem+char4", "stem+char5", "stem+char3")
DEFAULT_VARIANT = "stem+char4"

_WORD = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)

# Bokmål and nynorsk function words (Snowball's Norwegian list plus nynorsk forms).
STOPWORDS = frozenset(
    """
    og i jeg det at en et den til er som på de med han av ikke ikkje der så var meg seg men ett har om vi min mitt ha
    hadde hun nå over da ved fra du ut sin dem oss opp man kan hans hvor eller hva skal selv sjøl her alle vil bli ble
    blei blitt kunne inn når være vore kom noen noe ville dere deres kun ja etter ned skulle denne for deg si sine sitt
    mot å meget hvorfor dette disse uten hvordan ingen din ditt blir samme hvilken hvilke sånn inni mellom vår hver
    hvem vors hvis både bare enn fordi før mange også slik vært båe begge siden dykk dykkar dei deira deires deim di
    då eg ein eit eitt elles honom hjå ho hoe henne hennar hennes hoss hossen ikkje ingi inkje korleis korso kva
    kvar kvarhelst kven kvi kvifor me medan mi mine mykje no nokon noka nokor noko nokre si sia sidan so somt somme
    um upp vere vore verte vort varte vart the of and to in is what how does which are for on about do
    hvilket slags
    """.split()
)

# Words that carry no content in questions about documents ("hva sier planen om …").
QUERY_FILLER = frozenset(
    """
    sier seier står stend skriver skriv nevner planen plana planene planen planar dokumentet dokumenta dokumentene
    dokument plan kommunen kommune kommunens gjør gjer gjøre finnes fins handler omtaler beskriver beskriv tenker
    tenkjer forteller fortel sei si say says plan's document municipality tell me please vennligst
    ifølge iflg fikk får få fått fekk sa ba gikk tek tok kor frå fant finne lærte spurt tilbyr tilbys tilby ønsker ønskjer
    mener meiner vil ville skal skulle bør må kan kunne slik sånn egentlig ifølgje nevnt nevnes står
    sammenlign sammenligne sammenlikn sammenlikne samanlikn samanlikne compare comparison
    """.split()
)

# Words a passage need not repeat to answer a question: light verbs ("gi anmerkninger", "ta opp")
# and "blant". The BM25 query keeps them (measured: dropping them there moves NorQuAD answers down);
# the evidence score (assistant/answer.py) does not count them.
EVIDENCE_FILLER = frozenset(
    """
    gi gir ga gitt gje gjev gjeve ta tar tatt tek teke blant
    mye mer mest ofte lenge igjen innen fram frem
    gjelder gjelde gjaldt gjeld galdt menes meint betyr bety tyder
    lage lager laget laga lagd lagde
    sammenlignet sammenliknet sammenlignes sammenliknes samanlikna samanliknar samanliknast jamført
    """.split()
)
# … and, in that spirit: «hvor mye» / «hvor ofte» / «hvor lenge» ask for an amount, a frequency, a duration (the
# kind of question, assistant/query.py), «når det gjelder» / «hva menes med» / «hva betyr» frame the topic, «igjen»,
# «innen», «fram i tid» are adverbs and prepositions, «lage» a light verb. Passages do not
# repeat them, so a question using them must not lose evidence for it.

# English function words and question words: an English question's words the glossary (``ENGLISH``) lacks are
# looked up as Norwegian stems — these must not be («have» is not «hav», «many» not a term to cover).
ENGLISH_FUNCTION = frozenset(
    """
    a an the from when where why who whom whose have has had having that this these those its it it's they them their
    there we our us you your he she his her will would shall should can could may might must many much often
    with without being be been was were by at as or if into onto any some such than then also very more most less
    according mean means meant did done doing get gets got s
    full given give gives amount amounts think thinks feel feels
    """.split()
)

#: English words a dictionary must not translate (assistant/dictionary.py) nor keep as cognates: function words (the common English stop-word list, as NLTK's) and
#: light verbs — the dictionary gives them senses («each» → «alt», «during» → «løpet», «comes» → «komme») that carry
#: nothing of the question.
ENGLISH_STOPLIST = frozenset("""
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself it
    its itself they them their theirs themselves what which who whom this that these those am is are was were be been
    being have has had having do does did doing a an the and but if or because as until while of at by for with about
    against between into through during before whether after above below to from up down in out on off over under again
    further then once here there when where why how all any both each few more most other some such no nor not only
    own same so than too very s t can will just don should now d ll m o re ve y ain aren couldn didn doesn hadn hasn
    haven isn ma mightn mustn needn shan shouldn wasn weren won wouldn
    get gets got getting gotten take takes took taken taking come comes came coming make makes made making go goes
    went gone going put puts say says said want wants wanted wanting
    """.split())

# Phrases in questions, rewritten before analysis: time phrases that carry no content («i dag», «for
# tida»). (Idioms rewritten to one plan's word were keyed to evaluation questions and are gone.)
# Patterns are matched on the lower-cased question.
QUERY_PHRASES: tuple[tuple[str, str], ...] = (
    (r"\b(?:per |pr\.? )?i dag\b|\b(?:nå |no )?for tid(?:en|a)\b", " "),
    # «ved utgangen av 2021», «i starten av skoleåret»: when the count was taken, not what is counted
    (r"\b(?:ved|i|per|pr\.?|fra|til|mot) (?:utgangen|slutten|starten|begynnelsen|inngangen|utløpet) (?:av|på) "
     r"(?:året|skoleåret|barnehageåret|(?:19|20)\d{2})\b", " "),
)

# Common abbreviations in Norwegian education and welfare documents, expanded in queries.
ABBREVIATIONS: dict[str, str] = {
    "sfo": "skolefritidsordning skolefritidsordningen",
    "aks": "aktivitetsskolen skolefritidsordning",
    "ppt": "pedagogisk-psykologisk tjeneste",
    "bti": "bedre tverrfaglig innsats",
    "pals": "positiv atferd støttende læringsmiljø samhandling",
    "fau": "foreldrenes arbeidsutvalg foreldreråd",
    "su": "samarbeidsutvalg",
    "ikt": "digital digitale teknologi",
    "nav": "arbeids- og velferdsforvaltningen",
    "slt": "samordning lokale kriminalitetsforebyggende tiltak",
    "bup": "barne- og ungdomspsykiatrisk",
    "ks": "kommunesektorens organisasjon",
    "vgs": "videregående",
}

# A small domain thesaurus: each group's words are added to a query that contains one of them.
THESAURUS: tuple[tuple[str, ...], ...] = (
    ("mobbing", "mobbe", "krenkelser", "krenkende", "krenking", "trakassering", "utestenging"),
    ("pc", "nettbrett", "ipad", "chromebook", "digital", "digitale", "enhet"),
    ("lærertetthet", "lærernorm", "lærernormen"),
    ("frafall", "fullføring", "gjennomføring", "fullfører", "fullføre"),
    ("psykisk", "psykiske", "livsmestring", "angst", "depresjon"),
    ("foreldre", "foresatte", "hjem", "foreldresamarbeid"),
    ("lesing", "lese", "leseferdigheter", "leseferdighet"),
    ("trivsel", "trives", "trivelig"),
    ("fravær", "skolefravær", "skulefråvær", "skolevegring"),
    ("vold", "trusler", "utagerende", "atferd", "uro"),
    ("spesialundervisning", "enkeltvedtak", "spesialpedagogisk"),
    ("ansatte", "tilsette", "personale", "medarbeidere"),
    ("kostnad", "kostnader", "koste", "koster", "kroner", "kr", "utgift", "utgifter", "beløp"),  # not "pris": also "prize"
    ("lavinntekt", "lavinntektsfamilier", "fattigdom", "barnefattigdom"),
    ("inneholde", "innhold", "omfatte", "omfatter"),
    ("skjermbruk", "skjermtid", "skjermbaserte"),
    ("oppnå", "oppnås", "oppnådd", "oppnår", "nådd", "nås"),  # nå et mål = oppnå det («målene skal oppnås innen …»)
    ("møteplass", "møteplasser", "møteplassar", "treffsted", "treffsteder", "møtested", "møtesteder"),
    ("lykkes", "lykkast", "vellykket", "vellykka", "vellykkede"),  # «skal lykkes» ~ «et vellykket samarbeid»
    ("viktigst", "viktigste", "avgjørende", "avgjerande"),  # «det viktigste for …» ~ «avgjørende for …»
    ("medvirkning", "medverknad", "medbestemmelse", "medvirke", "innflytelse"),
)

# Nynorsk → bokmål for frequent words whose stems do not meet (Snowball: "skul" ≠ "skol").
NYNORSK: dict[str, str] = {
    "skule": "skole", "skulen": "skolen", "skular": "skoler", "skulane": "skolene",
    "elevar": "elever", "elevane": "elevene", "barnehagar": "barnehager", "barnehagane": "barnehagene",
    "tilsette": "ansatte", "lærarar": "lærere", "lærarane": "lærerne", "lærar": "lærer",
    "tiltaka": "tiltakene", "måla": "målene", "indikatorar": "indikatorer", "fråvær": "fravær",
    "skulefråvær": "skolefravær", "heim": "hjem", "heimen": "hjemmet", "føresette": "foresatte",
    "born": "barn", "borna": "barna", "ungdomar": "ungdommer", "opplæringa": "opplæringen",
    "læringsmiljøet": "læringsmiljøet", "kommunar": "kommuner", "trygt": "trygt", "særskild": "særskilt",
    "spesialundervisninga": "spesialundervisningen", "vidaregåande": "videregående",
    # frequent verbs, adverbs and function words whose stems differ from bokmål
    "vert": "blir", "vorte": "blitt", "innehalde": "inneholde", "innehald": "innhold", "inneheld": "inneholder",
    "halde": "holde", "held": "holder", "heldt": "holdt", "halden": "holdt", "haldne": "holdte", "haldt": "holdt",
    "lagar": "lager", "lagd": "laget", "lagde": "laget", "gjere": "gjøre", "vedteke": "vedtatt", "vedtek": "vedtar",
    "fekk": "fikk", "treng": "trenger", "trengst": "trengs", "kjem": "kommer", "kome": "kommet", "komne": "kommet",
    "heile": "hele", "berre": "bare", "meir": "mer", "fleire": "flere", "framleis": "fortsatt", "enno": "ennå",
    "saman": "sammen", "særleg": "særlig", "tidleg": "tidlig", "tydeleg": "tydelig", "mogleg": "mulig",
    "moglegheit": "mulighet", "moglegheiter": "muligheter", "naudsynt": "nødvendig", "vidare": "videre",
    "eigen": "egen", "eige": "eget", "eigne": "egne", "sjølv": "selv", "høg": "høy", "høgt": "høyt",
    "høgare": "høyere", "betre": "bedre", "lågare": "lavere", "gong": "gang", "gonger": "ganger",
    "veke": "uke", "veka": "uken", "veker": "uker", "timar": "timer", "dagar": "dager",
    # nouns and adjectives of plan language
    "tilbod": "tilbud", "tilbodet": "tilbudet", "tilboda": "tilbudene", "teneste": "tjeneste", "tenesta": "tjenesten",
    "tenester": "tjenester", "tenestene": "tjenestene", "vaksne": "voksne", "vaksen": "voksen",
    "foreldra": "foreldrene", "ungdomane": "ungdommene", "innbyggjarar": "innbyggere", "innbyggjar": "innbygger",
    "leiing": "ledelse", "leiar": "leder", "leiarar": "ledere", "rektorar": "rektorer", "styrar": "styrer",
    "barnehagelærar": "barnehagelærer", "barnehagelærarar": "barnehagelærere", "assistentar": "assistenter",
    "fagarbeidar": "fagarbeider", "fagarbeidarar": "fagarbeidere", "miljøterapeutar": "miljøterapeuter",
    "spesialpedagogar": "spesialpedagoger", "stillingar": "stillinger", "klassar": "klasser", "rekning": "regning",
    "aktivitetar": "aktiviteter", "ressursar": "ressurser", "utfordringar": "utfordringer", "vanskar": "vansker",
    "plagar": "plager", "pengar": "penger", "midlar": "midler", "tilskot": "tilskudd", "kostnadar": "kostnader",
    "kostar": "koster", "undersøking": "undersøkelse", "undersøkinga": "undersøkelsen",
    "elevundersøkinga": "elevundersøkelsen", "vurderinga": "vurderingen", "oppfølginga": "oppfølgingen",
    "undervisninga": "undervisningen", "tryggleik": "trygghet", "kjensle": "følelse", "kjensler": "følelser",
    "einsam": "ensom", "einsemd": "ensomhet", "åtferd": "atferd", "fråfall": "frafall",
    "førebygging": "forebygging", "førebyggjande": "forebyggende", "førebyggje": "forebygge",
    "tverrfagleg": "tverrfaglig", "fagleg": "faglig", "faglege": "faglige", "sosialfagleg": "sosialfaglig",
    "minoritetsspråklege": "minoritetsspråklige", "flyktningar": "flyktninger", "innvandrarar": "innvandrere",
    "politikarar": "politikere", "organisasjonar": "organisasjoner", "friviljuge": "frivillige",
}

# Nynorsk word parts replaced inside compounds too ("skulehelsetenesta" → "skolehelsetjenesten").
NYNORSK_PARTS: tuple[tuple[str, str], ...] = (
    ("skule", "skole"), ("tenest", "tjenest"), ("utanfor", "utenfor"), ("innanfor", "innenfor"),
    ("sjukepleiar", "sykepleier"), ("helsesjukepleiar", "helsesykepleier"),
)

# English question words → the Norwegian words plans use (questions in English, documents in Norwegian).
ENGLISH: dict[str, str] = {
    "bullying": "mobbing krenkelser", "bullied": "mobbet", "school": "skole", "schools": "skoler skolene",
    "satisfied": "fornøyd", "dissatisfied": "misfornøyd", "kindergarten": "barnehage", "kindergartens": "barnehager barnehagene", "preschool": "barnehage",
    "teacher": "lærer", "teachers": "lærere", "pupils": "elever", "pupil": "elev", "students": "elever",
    "goal": "mål", "goals": "mål målene", "aim": "mål", "aims": "mål", "objective": "mål", "objectives": "mål",
    "measure": "tiltak", "measures": "tiltak", "actions": "tiltak", "action": "tiltak", "initiatives": "tiltak",
    "indicator": "indikator", "indicators": "indikatorer", "reading": "lesing lese", "parents": "foreldre foresatte",
    "early": "tidlig", "intervention": "innsats", "mental": "psykisk", "health": "helse", "wellbeing": "trivsel",
    "environment": "miljø læringsmiljø", "learning": "læring", "special": "spesial",
    "education": "undervisning opplæring", "municipality": "kommune", "results": "resultater", "survey": "undersøkelse",
    "national": "nasjonale", "tests": "prøver", "leisure": "fritid", "culture": "kultur", "youth": "ungdom unge",
    "children": "barn", "child": "barn", "inclusive": "inkluderende", "inclusion": "inkludering", "dropout": "frafall",
    "competence": "kompetanse", "leadership": "ledelse", "leaders": "ledere", "values": "verdier verdigrunnlag",
    "nurse": "helsesykepleier", "welfare": "velferd", "staff": "ansatte", "employees": "ansatte",
    "cooperation": "samarbeid", "collaboration": "samarbeid", "transition": "overgang", "absence": "fravær",
    "points": "poeng", "resources": "ressurser ressursbruk", "budget": "budsjett", "vision": "visjon",
    "participation": "medvirkning", "involvement": "medvirkning", "safe": "trygg trygt", "quality": "kvalitet",
    "period": "periode", "adopted": "vedtatt", "council": "kommunestyret", "follow": "oppfølging", "strategy": "strategi",
    "strategies": "strategier", "digital": "digital", "physical": "fysisk", "activity": "aktivitet", "library": "bibliotek",
    "meeting": "møte", "places": "steder plasser", "public": "offentlig", "model": "modell", "team": "team",
    "interdisciplinary": "tverrfaglig", "analysis": "analyse", "use": "bruk", "spending": "utgifter bruk",
    "grade": "trinn karakter", "lower": "lavere", "secondary": "ungdomsskole videregående", "target": "mål måltall",
    # general plan vocabulary (the corpus' frequent words, as English questions put them)
    "member": "medlem", "development": "utvikling", "develop": "utvikle", "support": "støtte", "responsibility": "ansvar",
    "knowledge": "kunnskap", "family": "familie familier", "families": "familier familie", "relations": "relasjoner",
    "relationships": "relasjoner", "relationship": "relasjon", "pedagogical": "pedagogisk", "community": "fellesskap",
    "access": "tilgang", "participate": "delta", "adapted": "tilpasset", "dialogue": "dialog", "increase": "økt øke",
    "increased": "økt", "research": "forskning", "understanding": "forståelse", "security": "trygghet",
    "safety": "trygghet", "basic": "grunnleggende", "promote": "fremme", "activities": "aktiviteter",
    "routines": "rutiner", "routine": "rutiner", "organisations": "organisasjoner", "organizations": "organisasjoner",
    "systematic": "systematisk", "services": "tjenester", "service": "tjeneste", "mastery": "mestring",
    "coping": "mestring livsmestring", "skills": "ferdigheter", "skill": "ferdigheter", "life": "livsmestring liv",
    "screen": "skjermbruk skjerm", "poverty": "fattigdom barnefattigdom", "income": "inntekt",
    "newly": "nyankomne", "arrived": "nyankomne", "immigrant": "innvandrere", "immigrants": "innvandrere",
    "refugees": "flyktninger", "minority": "minoritetsspråklige", "language": "språk", "norwegian": "norsk",
    "cost": "kostnad koster", "costs": "kostnader koster", "price": "pris", "money": "midler penger",
    "funding": "midler", "funds": "midler", "salary": "lønn", "employee": "ansatte", "positions": "stillinger",
    "position": "stilling", "assistants": "assistenter", "psychologist": "psykolog", "anxiety": "angst psykisk",
    "depression": "depresjon psykisk", "violence": "vold", "behaviour": "atferd", "behavior": "atferd",
    "friends": "venner", "friendship": "vennskap", "belonging": "tilhørighet", "exclusion": "utenforskap",
    "loneliness": "ensomhet", "motivation": "motivasjon", "principal": "rektor", "principals": "rektorer",
    "headteacher": "rektor", "classroom": "klasseledelse klasserom", "management": "ledelse", "assessment": "vurdering",
    "evaluation": "evaluering", "feedback": "tilbakemelding", "homework": "lekser", "writing": "skriving",
    "mathematics": "regning matematikk", "maths": "regning matematikk", "math": "regning matematikk",
    "numeracy": "regning", "literacy": "lesing", "devices": "digitale enhet", "computers": "pc digitale",
    "tablets": "nettbrett", "phones": "mobil", "media": "medier", "sports": "idrett", "sport": "idrett",
    "arts": "kunst kultur", "music": "musikk kulturskole", "club": "fritidsklubb", "volunteers": "frivillige",
    "voluntary": "frivillige", "police": "politi", "therapist": "terapeut", "needs": "behov", "need": "behov",
    "diversity": "mangfold", "equality": "likestilling", "democracy": "demokrati", "statistics": "statistikk tall",
    "data": "data", "grades": "karakterer grunnskolepoeng", "exam": "eksamen", "completion": "gjennomføring fullføre",
    "complete": "fullføre", "attendance": "fravær", "truancy": "fravær skolefravær", "refusal": "skolevegring",
    "primary": "barneskole barnetrinn", "meals": "måltid", "food": "mat", "outdoor": "ute", "nature": "natur",
    "sustainability": "bærekraft", "law": "lov", "act": "lov", "rights": "rettigheter rett", "duty": "plikt",
    "politicians": "politikere", "economy": "økonomi", "ratio": "lærertetthet lærernorm", "size": "størrelse",
    "training": "kompetanseheving opplæring", "courses": "kurs", "mentoring": "veiledning", "guidance": "veiledning",
    "supervision": "veiledning", "network": "nettverk", "networks": "nettverk", "partnership": "samarbeid",
    "meetings": "møter", "conversations": "samtaler", "prevention": "forebygging", "preventive": "forebyggende",
    "prevent": "forebygge", "promoting": "helsefremmende fremme", "harassment": "trakassering krenkelser",
    "racism": "rasisme", "discrimination": "diskriminering", "challenges": "utfordringer", "challenge": "utfordring",
    "difficulties": "vansker", "struggle": "strever", "struggling": "strever", "experience": "opplever",
    "experiences": "erfaringer opplever", "responsible": "ansvar", "plans": "planer", "priorities": "prioriteringer",
    "priority": "prioritering", "areas": "områder", "area": "område", "focus": "fokus", "knowledge-based": "kunnskapsbasert",
    "evidence": "kunnskapsbasert", "centre": "senter", "center": "senter", "nurses": "helsesykepleier",
    "psychiatric": "psykiatrisk", "councils": "råd", "pupils'": "elevenes", "student": "elev", "class": "klasse",
    "classes": "klasser", "level": "nivå", "levels": "nivå", "average": "gjennomsnitt snitt", "percent": "prosent",
    "percentage": "prosent andel", "share": "andel", "proportion": "andel", "number": "antall", "increase's": "økt",
    "reduce": "redusere", "reduced": "redusert", "improve": "forbedre bedre", "improvement": "forbedring",
    "better": "bedre", "good": "god gode", "new": "nye", "young": "unge ungdom", "people": "folk mennesker", "adults": "voksne",
    "adult": "voksen", "home": "hjem hjemmet", "homes": "hjem", "employers": "arbeidsgiver",
    "job": "jobb", "jobs": "jobb",
    "care": "omsorg", "carers": "pårørende", "elderly": "eldre", "older": "eldre", "dementia": "demens",
    "equivalents": "årsverk", "equivalent": "årsverk", "workforce": "årsverk personell", "personnel": "personell",
    "county": "fylke fylkeskommune", "governor": "fylkesmann statsforvalter", "role": "rolle", "roles": "rolle",
    "growth": "vekst", "traffic": "trafikk", "car": "bil biltrafikk", "cars": "bil",
    "transport": "transport kollektivtransport", "hours": "timer", "minutes": "minutter", "days": "dager",
    "weeks": "uker", "months": "måneder", "time": "tid", "move": "flytte", "moves": "flytte",
    "committee": "utvalget utvalg", "commission": "utvalget utvalg", "propose": "foreslår forslag",
    "proposes": "foreslår forslag", "proposal": "forslag", "proposals": "forslag", "interview": "intervju",
    "interviews": "intervjuer", "sami": "samisk samiske", "saami": "samisk samiske", "speak": "snakke", "speaking": "snakke",
    "right": "rett rettigheter", "patients": "pasienter", "patient": "pasient", "volunteer": "frivillig",
    "noise": "støy", "information": "informasjon", "pensioners": "pensjonister", "retired": "pensjonister", "housing": "bolig boliger",
}

# English fixed phrases of the field whose Norwegian is one word (a term, not the sum of its words' translations:
# "public health" is «folkehelse», not «offentlig helse»), read before the words are.
ENGLISH_PHRASES: dict[str, str] = {
    "public health": "folkehelse", "mental health": "psykisk helse", "health centre": "helsestasjon",
    "health center": "helsestasjon", "health station": "helsestasjon", "school nurse": "helsesykepleier",
    "public health nurse": "helsesykepleier", "child welfare": "barnevern", "child protection": "barnevern",
    "special education": "spesialundervisning", "special needs education": "spesialundervisning",
    "early intervention": "tidlig innsats", "lower secondary": "ungdomsskole", "upper secondary": "videregående",
    "primary school": "barneskole", "after-school": "skolefritidsordning", "day care": "barnehage",
    "learning environment": "læringsmiljø", "low income": "lavinntekt", "grade points": "grunnskolepoeng",
    "meeting places": "møteplasser", "meeting place": "møteplass", "municipal council": "kommunestyret",
    "county council": "fylkestinget", "sami parliament": "sametinget", "saami parliament": "sametinget",
    "white paper": "stortingsmelding", "school owner": "skoleeier",
    "school owners": "skoleeiere", "teaching materials": "læremidler", "teaching material": "læremidler",
    "men": "menn",  # an English noun that is a Norwegian function word («men», but): else dropped with the stop words
    "need to": "", "needs to": "", "supposed to": "",  # modal before a verb ("Why does Lier need to look after …"): no «behov»
}
# … and under them the field's English phrases for plan vocabulary (assistant/fieldterms.py: «vocational college»,
# «nursing home», «public transport»); the glossary's own phrase wins where both have one.
ENGLISH_PHRASES = {**FIELD_PHRASES, **ENGLISH_PHRASES}
#: The Norwegian words the phrases are read as (kept as they are, whatever their length).
PHRASE_WORDS = frozenset(w for v in ENGLISH_PHRASES.values() for w in v.split())
_EN_PHRASE = re.compile(r"\b(" + "|".join(sorted(map(re.escape, ENGLISH_PHRASES), key=len, reverse=True)) + r")\b")


def english_phrases(text: str) -> str:
    """The text (lower-cased) with the field's English fixed phrases in their Norwegian word. English writes the
    people's name both "Sami" and, as the Sámi Parliament and the Sámi University of Applied Sciences do, "Sámi": one
    word, read as the glossary's "sami" ("the Sámi Parliament" → «sametinget»)."""
    text = _SAMI_ACCENTED.sub("sami", unicodedata.normalize("NFC", text).lower())
    return _EN_PHRASE.sub(lambda m: f" {ENGLISH_PHRASES[m.group(1)]} ", text)


_SAMI_ACCENTED = re.compile(r"\bsámi\b")


_EN_SUFFIXES = (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"))


def english(word: str) -> str | None:
    """The Norwegian words for an English question word: from ``ENGLISH``, also for a plural or
    -ed/-ing form of a listed word ("families" → "family", "supported" → "support")."""
    if word in ENGLISH:
        return ENGLISH[word]
    for suffix, repl in _EN_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and word[: -len(suffix)] + repl in ENGLISH:
            return ENGLISH[word[: -len(suffix)] + repl]
    return None


_stemmer = Stemmer.Stemmer("norwegian")


def nynorsk_map() -> NynorskMap | None:
    """The dictionary layer under ``NYNORSK`` (assistant/nynorsk.py): the map of the ``nynorsk_dictionary`` setting,
    built once a process; None when it is not configured or absent."""
    from assistant.settings import get_settings  # local: settings is read when words are first analysed

    return load_map(get_settings().nynorsk_dictionary or "", _stemmer.stemWords, STOPWORDS)


def words(text: str) -> list[str]:
    """Lower-cased word tokens (numbers kept whole: '40,0'), NFC-normalised, nynorsk mapped: the hand map
    ``NYNORSK`` (and ``NYNORSK_PARTS`` inside compounds) first, the installed dictionary under it — not for a
    capitalised word inside a sentence, which is a name («Hege», «Fauske», «Kings»)."""
    text = unicodedata.normalize("NFC", text)
    dictionary = nynorsk_map()
    seen = dictionary.read_cache if dictionary is not None else {}
    out = []
    for m in _WORD.finditer(text):
        token = m.group(0)
        w = token.lower()
        name = dictionary is not None and token[0].isupper() and not _sentence_start(text, m.start())
        for part in w.split("-") if "-" in w and not w[0].isdigit() else [w]:
            if part:
                mapped = NYNORSK.get(part, part)
                for nn, nb in NYNORSK_PARTS:  # nynorsk compounds: uteskule → uteskole
                    if nn in mapped:
                        mapped = mapped.replace(nn, nb)
                if mapped == part and dictionary is not None and not name and not part[0].isdigit():
                    mapped = seen.get(part) or dictionary.read(part, _stem)
                out.append(mapped)
    return out


_SENTENCE_OPENERS = frozenset(".!?:;\n«»\"“”•–-—([\uf0b7")


def _sentence_start(text: str, at: int) -> bool:
    """Whether the word at ``at`` opens the text, a sentence, a line or a list item (its capital says nothing)."""
    i = at - 1
    while i >= 0 and text[i] in " \t\xa0":
        i -= 1
    return i < 0 or text[i] in _SENTENCE_OPENERS


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    return _stemmer.stemWord(word)


# Snowball cuts an ending only inside the word's R1 region, which starts after the first consonant that follows a
# vowel, and never before the third letter: a short noun's definite ending lies before it — «sjøen», «byen», «veien»,
# «treet» (vowels run on to the ending), «året», «øyet» (R1 forced to the third letter) — so these stay whole, and
# «årene», «byene» lose only their final «e». The base of such a stem, for the lexical index (``lexical_stem``) and
# for answer coverage (assistant/coverage.py) alike:
_DEFINITE_END = ("ene", "ane", "en", "et", "a")


def short_base(stem: str) -> str:
    """A short stem (≤ 6 letters) without its definite ending («sjøen» → «sjø», «året» → «år», «åren» → «år»), else
    the stem. Stems Snowball already cut pass through unchanged («hag» from «hagen»)."""
    if 4 <= len(stem) <= 6:
        for end in _DEFINITE_END:
            if stem.endswith(end) and len(stem) - len(end) >= 2:
                return stem[: -len(end)]
    return stem


@lru_cache(maxsize=200_000)
def lexical_stem(word: str) -> str:
    """The stem the lexical index and its queries use: Snowball's, with a short noun's definite ending taken off
    (``short_base``) — «sjøen», «sjøene» and «sjø» meet, «byen», «byene» and «by», «året», «årene» and «år». A function
    of Snowball's stem, so words that shared a stem still do. The nynorsk plural «-ane» on a vowel keeps its «an»
    («byane» → Snowball «byan»): read from the word («by»)."""
    stem = _stem(word)
    if word.endswith("ane") and stem == word[:-1]:
        stem = word
    return short_base(stem)


def _char_ngrams(word: str, n: int) -> list[str]:
    padded = f"^{word}$"
    if len(padded) <= n:
        return [f"#{padded}"]
    return [f"#{padded[i:i + n]}" for i in range(len(padded) - n + 1)]


def analyze(text: str, variant: str = DEFAULT_VARIANT) -> list[str]:
    """Index-side analysis: the tokens BM25 sees for a passage."""
    toks = [w for w in words(text) if w not in STOPWORDS]
    out: list[str] = []
    use_stem = variant in ("stem",) or variant.startswith("stem+")
    n = {"char4": 4, "stem+char4": 4, "stem+char5": 5, "stem+char3": 3}.get(variant, 0)
    for w in toks:
        if variant == "word":
            out.append(w)
            continue
        if use_stem:
            out.append(lexical_stem(w))
        if n and not w[0].isdigit():
            out.extend(_char_ngrams(w, n))
        elif n and variant == "char4":
            out.append(w)
    return out


def rewrite_phrases(question: str) -> str:
    """The question with ``QUERY_PHRASES`` rewritten (lower-cased): time phrases removed."""
    text = unicodedata.normalize("NFC", question).lower()
    for pattern, repl in _PHRASES:
        text = pattern.sub(repl, text)
    return text


_PHRASES = tuple((re.compile(p), r) for p, r in QUERY_PHRASES)


def expand_query(question: str, thesaurus: bool = True) -> str:
    """The question with filler removed and abbreviations / thesaurus synonyms appended."""
    toks = words(rewrite_phrases(question))
    raw_lower = question.lower()
    kept = [t for t in toks if t not in QUERY_FILLER]
    extra: list[str] = []
    for t in kept:
        if t in ABBREVIATIONS:
            extra.append(ABBREVIATIONS[t])
        if (en := english(t)) and t not in STOPWORDS:
            extra.append(en)
    for abbr, full in ABBREVIATIONS.items():
        if full.split()[0] in raw_lower and abbr not in kept:
            extra.append(abbr)
    if thesaurus:
        stems = {_stem(t) for t in kept}
        for group in THESAURUS:
            if any(_stem(g) in stems for g in group):
                extra.extend(g for g in group if _stem(g) not in stems)
    return " ".join(kept + extra)


def lexical_english(question: str, translate: Callable[[str], str | None] = english,
                    compounds: Callable[[list[str]], list[str]] | None = None,
                    in_context: Callable[[list[str]], Callable[[str], str | None]] | None = None) -> str:
    """An English question as the lexical index should read it: the glossary's Norwegian for its words, the names
    it gives (capitalised words: «Lørenskog», "BTI", "Stimuli") and its numbers — not the English words the
    glossary lacks (but long ones, ``COGNATE_LETTERS``): the index's own English is reference lists and abstracts, so an untranslated word (and its
    letter n-grams) matches those or Norwegian words at random instead of the passage that answers. ``translate``: the
    glossary alone, or the glossary over a dictionary (assistant/dictionary.py); ``compounds``: neighbouring words read
    as the Norwegian compound they make ("part-time" → «deltid», assistant/compounds.py); ``in_context``: the reader
    for this question's words (a word's sense chosen by the others', assistant/senses.py)."""
    names = capitalised_names(question)
    out: list[str] = []
    tokens = words(english_phrases(rewrite_phrases(question)))
    tokens = compounds(tokens) if compounds else tokens
    translate = in_context(tokens) if in_context else translate
    for t in tokens:
        if t in ENGLISH_FUNCTION:
            continue
        if en := translate(t):
            out.append(en)
        elif t[0].isdigit() or (t in names and t not in ENGLISH) or (len(t) >= COGNATE_LETTERS
                                                                      and t not in ENGLISH_STOPLIST) or t in PHRASE_WORDS:
            out.append(t)
    return " ".join(out)


def capitalised_names(text: str) -> set[str]:
    """The words of the capitalised words after the first («Lørenskog», "BTI", "Stimuli", "Oslo's" → "oslo"):
    what an English question names."""
    return {w for k, m in enumerate(_WORD.finditer(text)) if k and m.group(0)[0].isupper()
            for w in words(m.group(0).removesuffix("'s"))}


#: An untranslated English word this long is kept for the lexical index: long words are often cognates, whose letter
#: n-grams find the Norwegian word ("certification" ~ «sertifisering», "matrix" ~ «matrise»; chosen on dev).
COGNATE_LETTERS = 6


def analyze_query(question: str, variant: str = DEFAULT_VARIANT, thesaurus: bool = True) -> list[str]:
    return analyze(expand_query(question, thesaurus=thesaurus), variant)


def content_terms(text: str) -> frozenset[str]:
    """Stems of the content words in a text (for sentence scoring in extractive answers)."""
    return frozenset(_stem(w) for w in words(text) if w not in STOPWORDS and w not in QUERY_FILLER)


#: ``content_terms`` cached, for answer units: the same units are scored for every question that
#: retrieves their passage (whole passages go through the uncached function once per index generation).
unit_terms = lru_cache(maxsize=32768)(content_terms)


def _analyzer_version() -> str:
    """Digest of what index-side analysis depends on: a lexical index built with other tables is stale."""
    import hashlib

    parts = [sorted(STOPWORDS), sorted(NYNORSK.items()), list(NYNORSK_PARTS), _WORD.pattern, _ANALYSIS_CODE]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:12]


_ANALYSIS_CODE = 4  # bump when analyze()/words() change in code (2: short definite nouns, ``lexical_stem``;
# 3–4: the nynorsk dictionary under the hand map, names inside a sentence not read, assistant/nynorsk.py)
ANALYZER_VERSION = _analyzer_version()


def analyzer_version() -> str:
    """``ANALYZER_VERSION`` and the nynorsk dictionary the analysis reads (its files' digest, «none» without): what
    the lexical index's identity follows."""
    from assistant.settings import get_settings

    return f"{ANALYZER_VERSION}-{nynorsk_source_id(get_settings().nynorsk_dictionary or '')}"


# --- sentences --------------------------------------------------------------------------------
#: Words a full stop follows without ending the sentence ("Meld. St. 6", "bl.a.", "kr. 21 000").
ABBREVIATIONS_WITH_STOP = frozenset({
    "st", "meld", "nr", "ca", "bl.a", "f.eks", "jf", "jfr", "kap", "mv", "m.m", "osv", "dvs",
    "pr", "tlf", "evt", "iht", "mht", "ift", "inkl", "ekskl", "eks", "prop", "ref", "mfl",
    "m.fl", "kl", "s", "vedr", "avd", "adm", "o.l", "t.o.m", "f.o.m", "t.d", "m.a", "fig",
    "tab", "innst", "forts", "ang", "sml", "resp", "hhv", "gr", "ss", "sak", "vol", "red",
    "jan", "feb", "aug", "sep", "sept", "okt", "nov", "des", "dr", "prof", "ph.d", "stb", "kr", "jmf", "al",
})
_SENTENCE_END = re.compile(r"[.!?…][\"»”')]*\s+(?=[«\"“(]?[A-ZÆØÅ])")
_SENTENCE_END_OR_DIGIT = re.compile(r"[.!?…][\"»”')]*\s+(?=[«\"“(]?[A-ZÆØÅ0-9])")


def sentence_spans(text: str, before_digits: bool = False) -> list[tuple[int, int]]:
    """``(start, end)`` character offsets of the sentences of ``text``, whitespace trimmed — the
    one sentence splitter, for callers that need to know where a sentence stands (pages,
    highlighting). Splits at sentence ends, not after common abbreviations ("Meld. St. 6",
    "bl.a.", "f.eks.", "nr. 4", "Kr. 21.000") or initials. ``before_digits``: a sentence may also
    start with a number ("… i 2020. 85 % av elevene …") — the answer's units; the chunker keeps
    its original rule (capital letters only)."""
    out: list[tuple[int, int]] = []
    start = 0
    pattern = _SENTENCE_END_OR_DIGIT if before_digits else _SENTENCE_END
    for m in pattern.finditer(text):
        end = m.start() + 1
        before = text[start:end].rstrip(".!?…")
        last = before.split()[-1] if before.split() else ""
        word = last.lower().strip("(«\"")
        if text[m.start()] == "." and (word in ABBREVIATIONS_WITH_STOP or (len(word) == 1 and word.isalpha())):
            continue
        _add_span(text, start, m.end(), out)
        start = m.end()
    _add_span(text, start, len(text), out)
    return out


def _add_span(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        lead = len(piece) - len(piece.lstrip())
        out.append((start + lead, start + lead + len(stripped)))


def split_sentences(text: str, before_digits: bool = False) -> list[str]:
    """The sentences of ``text`` (see :func:`sentence_spans`)."""
    return [text[a:b] for a, b in sentence_spans(text, before_digits)]
