//! The demo's product categories and the words product names are made of.

pub(super) struct Category {
    pub(super) name: &'static str,
    pub(super) share: u64,
    /// Unit cost range in cents.
    pub(super) cost: (u32, u32),
    /// Replenishment lead time range in days (inclusive).
    pub(super) replenish: (u32, u32),
    /// `|`-separated word lists; a name is an adjective and a noun.
    pub(super) adjectives: &'static str,
    pub(super) nouns: &'static str,
    /// Whether names get a colour variant.
    pub(super) coloured: bool,
}

pub(super) const CATEGORIES: [Category; 7] = [
    Category {
        name: "Apparel",
        share: 25,
        cost: (1_500, 12_000),
        replenish: (7, 21),
        adjectives: "Classic|Slim-Fit|Oversized|Organic Cotton|Lightweight|Thermal|Linen|Denim",
        nouns: "T-Shirt|Hoodie|Jacket|Chinos|Polo Shirt|Dress|Cardigan|Socks 3-Pack|Rain Coat|\
            Scarf",
        coloured: true,
    },
    Category {
        name: "Home",
        share: 20,
        cost: (800, 9_000),
        replenish: (5, 18),
        adjectives: "Ceramic|Bamboo|Stainless|Nordic|Foldable|Cotton|Glass|Minimalist",
        nouns: "Mug Set|Cutting Board|Storage Box|Table Lamp|Bath Towel|Pillow Cover|\
            Wall Clock|Laundry Basket|Vacuum Flask|Dish Rack",
        coloured: true,
    },
    Category {
        name: "Electronics",
        share: 15,
        cost: (2_000, 40_000),
        replenish: (10, 21),
        adjectives: "Wireless|Bluetooth|USB-C|Portable|Smart|Noise-Cancelling|Fast-Charge|Mini",
        nouns: "Earbuds|Power Bank|Charger|Speaker|Keyboard|Mouse|Webcam|Desk Lamp|Smart Plug|\
            Cable 2m",
        coloured: true,
    },
    Category {
        name: "Beauty",
        share: 15,
        cost: (600, 8_000),
        replenish: (5, 14),
        adjectives: "Hydrating|Vitamin C|Matte|Gentle|Herbal|Rose|Aloe|Overnight",
        nouns: "Face Serum|Lip Balm|Sunscreen SPF50|Cleanser|Face Mask 10-Pack|Hand Cream|\
            Shampoo|Body Lotion|Toner|Eye Cream",
        coloured: false,
    },
    Category {
        name: "Food",
        share: 12,
        cost: (300, 3_000),
        replenish: (3, 7),
        adjectives: "Organic|Roasted|Spicy|Dried|Premium|Honey|Green Tea|Sea Salt",
        nouns: "Almonds 500g|Oolong Tea|Instant Noodles 5-Pack|Dark Chocolate|Coffee Beans 1kg|\
            Rice Crackers|Sesame Oil|Dried Mango|Oat Milk 6-Pack|Sunflower Seeds",
        coloured: false,
    },
    Category {
        name: "Sports",
        share: 8,
        cost: (800, 15_000),
        replenish: (7, 18),
        adjectives: "Pro|Anti-Slip|Adjustable|Quick-Dry|Ergonomic|Compact|Reflective|Training",
        nouns: "Yoga Mat|Dumbbell Set|Jump Rope|Running Belt|Water Bottle|Resistance Bands|\
            Cycling Gloves|Gym Bag|Foam Roller|Tennis Balls 3-Pack",
        coloured: true,
    },
    Category {
        name: "Toys",
        share: 5,
        cost: (600, 12_000),
        replenish: (7, 21),
        adjectives: "Wooden|Magnetic|Plush|Educational|Remote Control|Glow-in-Dark|Mini|Deluxe",
        nouns: "Building Blocks|Puzzle 500pc|Teddy Bear|Race Car|Drawing Board|Train Set|Kite|\
            Dinosaur Figure|Card Game|Bubble Machine",
        coloured: false,
    },
];

pub(super) const COLOURS: [&str; 9] = [
    "Black", "White", "Navy", "Grey", "Red", "Green", "Beige", "Pink", "Blue",
];
