//! The small lists the simulated people are made of: common US first and last names,
//! street names, and cities of central Illinois with one of their ZIP codes. Plain ASCII,
//! as X12 carries names.

#[rustfmt::skip]
pub const FEMALE: &[&str] = &[
    "Ada", "Grace", "Mary", "Linda", "Susan", "Karen", "Nancy", "Emily", "Olivia", "Emma",
    "Sophia", "Ava", "Mia", "Lily", "Chloe", "Maria", "Rosa", "Aisha", "Mei", "Priya", "Hannah",
    "Ruth", "Joan", "Carol", "Diane", "Laura", "Megan", "Zoe", "Nora", "Elena",
];
#[rustfmt::skip]
pub const MALE: &[&str] = &[
    "Tom", "James", "John", "Robert", "Michael", "David", "William", "Richard", "Joseph", "Daniel",
    "Matthew", "Anthony", "Mark", "Paul", "Steven", "Kevin", "Brian", "Luis", "Carlos", "Wei",
    "Raj", "Omar", "Samuel", "Henry", "Owen", "Liam", "Noah", "Ethan", "Lucas", "Jack",
];
#[rustfmt::skip]
pub const LAST: &[&str] = &[
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
    "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor",
    "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez",
    "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott",
    "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell",
    "Mitchell", "Carter", "Roberts", "OConnor",
];
#[rustfmt::skip]
pub const STREETS: &[&str] = &[
    "Main St", "Oak Ave", "Maple Dr", "Lincoln Ave", "Washington St", "Park Pl", "Cedar Ln",
    "Elm St", "Walnut St", "Monroe St", "Jefferson Ave", "Lake Shore Dr", "Prairie Rd",
    "Sangamon Ave", "Chatham Rd", "Wabash Ave", "Stevenson Dr", "Grand Ave", "Adams St",
    "Madison St",
];
/// Cities of central Illinois with one of their ZIP codes.
#[rustfmt::skip]
pub const CITIES: &[(&str, &str)] = &[
    ("Springfield", "62701"), ("Springfield", "62702"), ("Springfield", "62704"),
    ("Chatham", "62629"), ("Decatur", "62521"), ("Champaign", "61820"), ("Peoria", "61602"),
    ("Bloomington", "61701"), ("Jacksonville", "62650"), ("Lincoln", "62656"),
    ("Taylorville", "62568"),
];
