//! The recogniser's lexicon: small word lists, written for this project, that read the
//! words around a candidate name (titles before people, "region" after regions, newspaper
//! names after cities, common words that are also names of small towns).
//!
//! Lists are plain slices, turned into hash sets the first time they are asked.

use std::sync::OnceLock;

use rustc_hash::FxHashSet;

/// A word list, turned into a hash set on first use.
pub(crate) struct Words {
    list: &'static [&'static str],
    set: OnceLock<FxHashSet<&'static str>>,
}

impl Words {
    pub(crate) const fn new(list: &'static [&'static str]) -> Self {
        Words {
            list,
            set: OnceLock::new(),
        }
    }

    /// Is `word` (lowercase) in the list?
    pub(crate) fn contains(&self, word: &str) -> bool {
        self.set
            .get_or_init(|| self.list.iter().copied().collect())
            .contains(word)
    }
}

/// Compass words that some first-level regions are named by alone (Zambia's "Western",
/// Cameroon's "Nord"); such a name means the region only with a region cue or a qualifier.
#[rustfmt::skip]
pub(crate) static DIRECTION_WORDS: Words = Words::new(&[
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
    "northeast", "northwest", "southeast", "southwest", "north-east", "north-west", "south-east",
    "south-west", "northeastern", "northwestern", "southeastern", "southwestern", "midwest",
    "nord", "sud", "est", "ouest", "norte", "sur", "centre", "center", "centro",
]);

/// Words that may sit inside a multi-word name without a capital.
#[rustfmt::skip]
pub(crate) static CONNECTORS: Words = Words::new(&[
    "of", "de", "del", "la", "le", "les", "upon", "on", "am", "an", "im", "sur", "en", "da", "do", "dos",
    "das", "di", "du", "al", "el", "y", "the", "and", "na", "pod", "nad", "au", "aux", "sous", "under",
    "in", "bei", "ob", "op", "aan", "den", "der", "van", "von", "zum", "zur", "sul", "lès", "над", "на",
]);

/// Words after a name that make it a first-level region.
#[rustfmt::skip]
pub(crate) static REGION_WORDS: Words = Words::new(&[
    "region", "regions", "oblast", "oblasts", "province", "provinces", "governorate", "krai", "kray",
    "prefecture", "voivodeship", "область", "области", "області", "областю", "обл", "край", "краю",
    "regional",
]);

/// Words after a name that make it a second-level district.
#[rustfmt::skip]
pub(crate) static DISTRICT_WORDS: Words = Words::new(&["county", "district", "raion", "rayon", "parish", "borough", "район", "районе", "районі", "района"]);

/// Words after a name that make it a town.
#[rustfmt::skip]
pub(crate) static CITY_WORDS: Words = Words::new(&["city", "town", "village", "settlement", "hromada"]);

/// Titles and roles that make the next capitalised words a person.
#[rustfmt::skip]
pub(crate) static PERSON_TITLES: Words = Words::new(&[
    "president", "mr", "mrs", "ms", "miss", "dr", "gen", "general", "minister", "sen", "senator", "rep",
    "gov", "judge", "justice", "sgt", "sergeant", "capt", "captain", "lt", "lieutenant", "col", "colonel",
    "maj", "major", "prof", "professor", "rev", "reverend", "pope", "king", "queen", "prince", "princess",
    "sir", "lord", "lady", "officer", "deputy", "chancellor", "premier", "secretary", "spokesman",
    "spokeswoman", "commander", "coach", "detective", "chief", "mayor", "governor", "father", "mother",
    "brother", "sister", "uncle", "aunt", "son", "daughter", "wife", "husband", "patriarch", "ambassador",
    "pastor", "bishop", "cardinal", "sheikh", "ayatollah", "marshal", "admiral", "private", "cpl",
    "corporal", "pfc", "trooper", "attorney", "councilman", "councilwoman", "councillor", "alderman",
    "commissioner", "superintendent", "principal", "dean", "aide", "analyst",
]);

/// Titles written short with a dot ("Gen. Syrskyi", "Mr. Sanford"): only after these does
/// the dot belong to the title rather than end a sentence ("the German Chancellor. Ukraine").
#[rustfmt::skip]
pub(crate) static TITLE_ABBREVIATIONS: Words = Words::new(&[
    "mr", "mrs", "ms", "dr", "gen", "sen", "rep", "gov", "sgt", "capt", "lt", "col", "maj", "prof",
    "rev", "cpl", "pfc", "adm", "cmdr", "supt", "det", "insp", "amb", "pres",
]);

/// Capitalised words after a name that mean the name is part of the name of a business, a
/// publication, a building or a document, not used as a place.
#[rustfmt::skip]
pub(crate) static ORGANISATION_WORDS: Words = Words::new(&[
    "university", "college", "school", "institute", "academy", "hospital", "clinic", "church", "times",
    "post", "herald", "tribune", "journal", "gazette", "daily", "news", "press", "magazine", "review",
    "independent", "observer", "chronicle", "telegraph", "globe", "sun", "star", "inc", "corp",
    "corporation", "company", "co", "ltd", "llc", "group", "bank", "fc", "united", "club", "team",
    "stadium", "arena", "airlines", "airways", "motors", "records", "street", "st", "avenue", "ave",
    "road", "rd", "boulevard", "blvd", "lane", "drive", "highway", "hwy", "square", "park", "hall",
    "center", "centre", "building", "tower", "bridge", "station", "mall", "plaza", "hotel", "restaurant",
    "library", "museum", "theater", "theatre", "zoo", "foundation", "association", "society",
    "declaration", "accords", "accord", "agreement", "protocol", "convention", "treaty", "format",
    "summit", "process", "talks", "memorandum", "doctrine", "syndrome", "virus", "flu", "fever",
    "airport", "port", "harbor", "harbour", "valley", "mountain", "mountains", "lake", "river", "creek",
    "island", "islands", "bay", "beach", "high", "middle", "elementary", "zone", "metro", "energy",
    "power", "steel", "oil", "gas", "tractor", "plant", "factory", "works", "fair", "festival",
]);

/// Capitalised words after a name that make it the seat of an institution ("Kharkiv City
/// Council", "California Department of Health"): still a place, a little less surely.
#[rustfmt::skip]
pub(crate) static INSTITUTION_WORDS: Words = Words::new(&[
    "council", "committee", "commission", "agency", "department", "dept", "office", "ministry", "service",
    "services", "authority", "board", "court", "police", "sheriff", "fire", "government", "administration",
    "mayor", "governor", "state", "officials", "health", "army", "forces",
]);

/// Capitalised words often found before a place name that do not join it.
#[rustfmt::skip]
pub(crate) static OPENERS: Words = Words::new(&[
    "the", "in", "at", "on", "from", "to", "for", "with", "by", "near", "outside", "inside",
    "across", "both", "and", "of", "as", "after", "before", "since", "like", "including", "into",
    "over", "under", "throughout", "around", "against", "between", "toward", "towards", "via",
    "while", "when", "where", "if", "but", "or", "then", "also", "only", "even", "north", "south",
    "east", "west", "northern", "southern", "eastern", "western", "central", "northeast",
    "northwest", "southeast", "southwest", "northeastern", "northwestern", "southeastern",
    "southwestern", "upper", "lower", "greater", "downtown", "rural", "suburban", "occupied",
    "liberated", "besieged", "embattled", "neighboring", "neighbouring", "nearby", "all", "about",
    "within", "beyond", "through", "along", "left", "right", "meanwhile", "yesterday", "today",
    "tomorrow", "last", "this", "that", "these", "those", "here", "there", "although", "though",
    "because", "so", "yet", "not", "no", "a", "an", "some", "many", "most", "every", "each",
    "other", "another", "why", "how", "what", "who", "which", "said", "says", "reports", "sources",
    "officials", "residents", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "breaking", "update", "updated", "exclusive", "video",
    "photos", "watch", "live", "pro", "anti", "post", "pre", "ex", "former", "new", "old", "big",
    "mainland", "metropolitan", "inner", "outer", "partly", "mostly", "largely", "once", "again",
    "just", "amid", "amidst", "despite", "during", "until", "unlike", "than", "beside", "besides",
    "у", "в", "під", "на", "до", "з", "із", "біля", "поблизу", "под", "из", "возле", "около", "от",
    "по", "за", "и", "і", "та", "а",
]);

/// Lowercase words before a name that suggest a place follows.
#[rustfmt::skip]
pub(crate) static PLACE_PREPOSITIONS: Words = Words::new(&[
    "in", "at", "near", "from", "to", "outside", "into", "toward", "towards", "across", "around", "of",
    "throughout", "via", "between", "through", "inside", "beyond", "within", "entered", "visited",
    "liberated", "captured", "occupied", "shelled", "struck", "hit", "attacked", "bombed", "seized",
    "у", "в", "під", "біля", "поблизу", "до", "з", "под", "возле", "около", "из", "на",
]);

/// Words after a name that point at a front-line sector: the name is a town.
#[rustfmt::skip]
pub(crate) static FRONT_WORDS: Words = Words::new(&["direction", "axis", "sector", "front", "salient", "bridgehead", "pocket", "outskirts"]);

/// Lowercase words after a name that show it naming something other than the place: a
/// negotiating format, an armed group.
#[rustfmt::skip]
pub(crate) static NAME_USE_WORDS: Words = Words::new(&["format", "group", "mercenaries", "pipeline", "pipelines"]);

/// Verbs of speech: a small town does not say things, a person does.
#[rustfmt::skip]
pub(crate) static SPEECH_VERBS: Words = Words::new(&["said", "says", "told", "added", "explained", "noted", "wrote", "asked", "stated", "argued", "recalled", "insisted"]);

/// Common English words that are also names of small places; as a single word they need
/// strong evidence before they count as a place.
#[rustfmt::skip]
pub(crate) static COMMON_WORDS: Words = Words::new(&[
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
    "most", "more", "drug", "drugs", "king", "pope", "bureau", "franklin", "buffalo", "ali",
    "obama", "trump", "biden", "putin", "tank", "ann", "white house", "post", "times", "bank",
    "police", "best", "home", "mobile", "union", "energy", "hope", "independence", "liberty",
    "victory", "unity", "progress", "enterprise", "commerce", "industry", "justice", "paradise",
    "welcome", "friendship", "freedom", "peace", "concord", "harmony", "faith", "charity",
    "goodwill", "trust", "money", "price", "rich", "early", "late", "long", "short", "little",
    "young", "white", "black", "brown", "green", "gray", "grey", "bush", "house", "senate",
    "congress", "parliament", "government", "army", "navy", "marine", "marines", "guard",
    "national", "federal", "general", "capital", "college", "university", "city", "county", "state",
    "district", "republic", "president", "mayor", "governor", "minister", "prime", "chief", "court",
    "church", "temple", "mission", "school", "academy", "hospital", "center", "centre", "park",
    "garden", "gardens", "lake", "river", "island", "bay", "beach", "coast", "valley", "mountain",
    "hill", "hills", "forest", "wood", "woods", "field", "fields", "spring", "springs", "rock",
    "stone", "bridge", "mill", "mills", "ford", "port", "harbor", "haven", "bristol", "march",
    "may", "june", "july", "august", "monday", "sunday", "christmas", "easter", "god", "jesus",
    "christ", "bible", "apple", "google", "amazon", "twitter", "facebook", "reuters", "nato",
    "isis", "ebola", "covid", "corona", "zika", "sars", "mers", "aids", "hiv", "who", "un", "eu",
    "it", "us", "as", "is", "an", "in", "on", "at", "or", "so", "no", "do", "go", "me", "my", "he",
    "we", "be", "by", "of", "to", "up", "if", "man", "men", "woman", "women", "boy", "girl",
    "first", "second", "third", "alliance", "coalition", "baltic", "nordic", "arab", "slavic",
    "soviet", "hamas", "hezbollah", "taliban", "houthis", "wagner", "pace", "osce", "mir", "free",
    "enter",
]);

/// Common English first names: a lone one is a person more often than a small town, and one
/// before a place name makes the pair a person ("Michael Jordan").
#[rustfmt::skip]
pub(crate) static FIRST_NAMES: Words = Words::new(&[
    "john", "james", "david", "michael", "robert", "william", "richard", "charles", "joseph",
    "thomas", "mary", "patricia", "linda", "barbara", "elizabeth", "jennifer", "maria", "susan",
    "margaret", "dorothy", "lisa", "nancy", "karen", "betty", "helen", "sandra", "donna", "carol",
    "ruth", "sharon", "michelle", "laura", "sarah", "kimberly", "deborah", "jessica", "shirley",
    "cynthia", "angela", "melissa", "brenda", "amy", "anna", "rebecca", "virginia", "kathleen",
    "pamela", "martha", "debra", "amanda", "stephanie", "carolyn", "christine", "marie", "janet",
    "catherine", "frances", "ann", "joyce", "diane", "alice", "julie", "heather", "teresa", "doris",
    "gloria", "evelyn", "jean", "cheryl", "mildred", "katherine", "joan", "ashley", "judith",
    "rose", "janice", "kelly", "nicole", "judy", "christina", "kathy", "theresa", "beverly",
    "denise", "tammy", "irene", "jane", "lori", "rachel", "marilyn", "andrea", "kathryn", "louise",
    "sara", "anne", "jacqueline", "wanda", "bonnie", "julia", "ruby", "lois", "tina", "phyllis",
    "norma", "paula", "diana", "annie", "lillian", "emily", "robin", "peggy", "crystal", "gladys",
    "rita", "dawn", "connie", "florence", "tracy", "edna", "tiffany", "carmen", "rosa", "cindy",
    "grace", "wendy", "victoria", "edith", "kim", "sherry", "sylvia", "josephine", "thelma",
    "shannon", "sheila", "ethel", "ellen", "elaine", "marjorie", "carrie", "charlotte", "monica",
    "esther", "pauline", "emma", "juanita", "anita", "rhonda", "hazel", "amber", "eva", "debbie",
    "april", "leslie", "clara", "lucille", "jamie", "joanne", "eleanor", "valerie", "danielle",
    "megan", "alicia", "suzanne", "michele", "gail", "bertha", "darlene", "veronica", "jill",
    "erin", "geraldine", "lauren", "cathy", "joann", "lorraine", "lynn", "sally", "regina", "erica",
    "beatrice", "dolores", "bernice", "audrey", "yvonne", "annette", "june", "samantha", "marion",
    "dana", "stacy", "ana", "renee", "ida", "vivian", "roberta", "holly", "brittany", "melanie",
    "loretta", "yolanda", "jeanette", "laurie", "katie", "kristen", "vanessa", "alma", "sue",
    "elsie", "beth", "jeanne", "george", "kenneth", "steven", "edward", "brian", "ronald",
    "anthony", "kevin", "jason", "matthew", "gary", "timothy", "jose", "larry", "jeffrey", "frank",
    "scott", "eric", "stephen", "andrew", "raymond", "gregory", "joshua", "jerry", "dennis",
    "walter", "patrick", "peter", "harold", "douglas", "henry", "carl", "arthur", "ryan", "roger",
    "joe", "juan", "jack", "albert", "jonathan", "justin", "terry", "gerald", "keith", "samuel",
    "willie", "ralph", "lawrence", "nicholas", "roy", "benjamin", "bruce", "brandon", "adam",
    "harry", "fred", "wayne", "billy", "steve", "louis", "jeremy", "aaron", "randy", "howard",
    "eugene", "carlos", "russell", "bobby", "victor", "martin", "ernest", "phillip", "todd",
    "jesse", "craig", "alan", "shawn", "clarence", "sean", "philip", "chris", "johnny", "earl",
    "jimmy", "antonio", "danny", "bryan", "tony", "luis", "mike", "stanley", "leonard", "nathan",
    "dale", "manuel", "rodney", "curtis", "norman", "allen", "marvin", "vincent", "glenn",
    "jeffery", "travis", "jeff", "chad", "jacob", "lee", "melvin", "alfred", "kyle", "francis",
    "bradley", "jesus", "herbert", "frederick", "ray", "joel", "edwin", "don", "eddie", "ricky",
    "troy", "randall", "barry", "alexander", "bernard", "mario", "leroy", "francisco", "marcus",
    "micheal", "theodore", "clifford", "miguel", "oscar", "jay", "jim", "tom", "calvin", "alex",
    "jon", "ronnie", "bill", "lloyd", "tommy", "leon", "derek", "warren", "darrell", "jerome",
    "floyd", "leo", "alvin", "tim", "wesley", "gordon", "dean", "greg", "jorge", "dustin", "pedro",
    "derrick", "dan", "lewis", "zachary", "corey", "herman", "maurice", "vernon", "roberto",
    "clyde", "glen", "hector", "shane", "ricardo", "sam", "rick", "lester", "brent", "ramon",
    "charlie", "tyler", "gilbert", "gene", "marc", "reginald", "ruben", "brett", "angel",
    "nathaniel", "rafael", "edgar", "milton", "raul", "ben", "chester", "cecil", "duane",
    "franklin", "andre", "elmer", "brad", "gabriel", "ron", "mitchell", "roland", "arnold",
    "harvey", "jared", "adrian", "karl", "cory", "claude", "erik", "darryl", "neil", "jessie",
    "christian", "javier", "fernando", "clinton", "ted", "mathew", "tyrone", "darren", "lonnie",
    "lance", "cody", "julio", "kurt", "allan", "nelson", "guy", "clayton", "hugh", "max", "dwayne",
    "dwight", "armando", "felix", "jimmie", "everett", "jordan", "ian", "wallace", "ken", "bob",
    "jaime", "casey", "alfredo", "alberto", "dave", "ivan", "johnnie", "sidney", "byron", "julian",
    "isaac", "morris", "clifton", "willard", "daryl", "ross", "virgil", "andy", "marshall",
    "salvador", "perry", "kirk", "sergio", "seth", "kent", "terrance", "rene", "eduardo",
    "terrence", "enrique", "freddie", "wade", "austin", "stuart", "fredrick", "arturo", "alejandro",
    "jackie", "joey", "nick", "luther", "wendell", "jeremiah", "evan", "julius", "donnie", "otis",
    "trevor", "oliver", "luke", "homer", "gerard", "doug", "kenny", "hubert", "angelo", "shaun",
    "lyle", "matt", "alfonso", "orlando", "rex", "carlton", "ernesto", "cameron", "neal", "pablo",
    "lorenzo", "omar", "wilbur", "blake", "grant", "horace", "roderick", "kerry", "abraham",
    "willis", "rickey", "ira", "andres", "cesar", "johnathan", "malcolm", "rudolph", "damon",
    "kelvin", "rudy", "preston", "alton", "archie", "marco", "wm", "pete", "randolph", "garry",
    "geoffrey", "jonathon", "felipe", "bennie", "gerardo", "ed", "dominic", "loren", "delbert",
    "colin", "guillermo", "earnest", "lucas", "benny", "noel", "spencer", "rodolfo", "myron",
    "edmund", "garrett", "salvatore", "cedric", "lowell", "gregg", "sherman", "wilson", "devin",
    "sylvester", "roosevelt", "israel", "jermaine", "forrest", "wilbert", "leland", "simon",
    "guadalupe", "clark", "irving", "carroll", "bryant", "owen", "rufus", "woodrow", "sammy",
    "kristopher", "mack", "levi", "marcos", "gustavo", "jake", "lionel", "marty", "taylor", "ellis",
    "dallas", "gilberto", "clint", "nicolas", "laurence", "ismael", "orville", "drew", "jody",
    "ervin", "dewey", "al", "wilfred", "josh", "hugo", "ignacio", "caleb", "tomas", "sheldon",
    "erick", "frankie", "stewart", "doyle", "darrel", "rogelio", "terence", "santiago", "alonzo",
    "elias", "bert", "elbert", "ramiro", "conrad", "pat", "noah", "grady", "phil", "cornelius",
    "lamar", "rolando", "clay", "percy", "dexter", "bradford", "merle", "darin", "amos", "terrell",
    "moses", "irvin", "saul", "roman", "darnell", "randal", "tommie", "timmy", "darrin", "winston",
    "brendan", "toby", "van", "abel", "dominick", "boyd", "courtney", "jan", "emilio", "elijah",
    "cary", "domingo", "santos", "aubrey", "emmett", "marlon", "emanuel", "jerald", "edmond",
    "vladimir", "volodymyr", "sergei", "sergey", "serhiy", "serhii", "dmitry", "dmitri", "dmytro",
    "alexei", "alexey", "oleksiy", "oleksii", "oleksandr", "aleksandr", "mikhail", "mykhailo",
    "yuri", "yuriy", "yurii", "andriy", "andrii", "andrei", "andrey", "igor", "ihor", "oleg",
    "olena", "yulia", "yuliia", "viktor", "valery", "valeriy", "valerii", "nikolai", "mykola",
    "pavlo", "pavel", "petro", "vasyl", "vasily", "yevgeny", "yevhen", "gennady", "ramzan",
    "kyrylo", "kirill", "denys", "iryna", "irina", "natalia", "tetiana", "svetlana", "anatoly",
    "arseniy", "ruslan", "rustem", "vitali", "vitaliy", "vitalii", "maksym", "maxim",
    "recep", "emmanuel", "olaf", "antony", "boris", "rishi", "jens", "ursula", "kamala", "xi",
    "giorgia", "viktoria", "annalena", "keir", "liz",
]);
