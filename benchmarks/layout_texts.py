"""Policy prose for the unseen-layout pages (``benchmarks/layout_pages.py``): written for this
project (own work, no third-party text), in English, French and German.

Each section is (heading, summary, blocks): ``summary`` is the one-line overview a layered
policy shows beside the section; a block is a paragraph (str) or a list of list items.
"""

from __future__ import annotations

Block = str | list[str]
SectionText = tuple[str, str, list[Block]]

ENGLISH: list[SectionText] = [
    (
        "Who we are",
        "We run the service and decide how your data is used.",
        [
            'Northwind Labs Ltd. ("Northwind", "we") operates the Northwind apps and website and is the '
            "controller of the personal data described in this policy.",
            "Our registered office is at 4 Harbour Row, Cork, Ireland. You can reach our data protection "
            "officer at dpo@northwind.example.",
        ],
    ),
    (
        "Information we collect",
        "Account details, what you post, and device data.",
        [
            "We collect the information you give us when you create an account, such as your name, e-mail "
            "address, date of birth and the password you choose.",
            [
                "Profile information you add, such as photos and a short biography;",
                "messages and other content you send through the service;",
                "payment details when you buy a subscription, handled by our payment provider;",
                "device identifiers, IP address, browser type and operating system.",
            ],
            "Some of this information is required to provide the service; where it is optional we say so "
            "when we ask for it.",
        ],
    ),
    (
        "How we use your information",
        "To run the service, keep it safe and improve it.",
        [
            "We use your information to provide and maintain the service, to personalise what you see, "
            "to process payments and to communicate with you about your account.",
            "We also use it to detect and prevent fraud, spam and abuse, and to enforce our terms.",
            "With your consent we send you marketing messages; you can withdraw that consent at any time "
            "from your account settings or through the link in each message.",
        ],
    ),
    (
        "Legal bases",
        "Contract, legitimate interests, consent and legal duties.",
        [
            "We process your data because it is necessary to perform our contract with you, because we "
            "have a legitimate interest in running a safe and useful service, because you consented, or "
            "because the law requires it.",
            "Where we rely on legitimate interests we have weighed them against your rights and freedoms; "
            "you may ask us for the details of that assessment.",
        ],
    ),
    (
        "Sharing your information",
        "With service providers, partners you choose, and authorities.",
        [
            "We share personal data with service providers that host our systems, answer support requests "
            "and send e-mail on our behalf, under contracts that limit their use of it.",
            [
                "Hosting and infrastructure providers in the European Union;",
                "analytics providers, only with your consent;",
                "law enforcement or regulators, when the law obliges us to disclose it.",
            ],
            "We do not sell your personal data.",
        ],
    ),
    (
        "International transfers",
        "Some providers are outside your country; safeguards apply.",
        [
            "Some of our providers process data outside the European Economic Area. When they do, we rely "
            "on an adequacy decision or on the Standard Contractual Clauses approved by the European "
            "Commission, together with additional safeguards where needed.",
        ],
    ),
    (
        "How long we keep your data",
        "As long as your account is open, then a limited time.",
        [
            "We keep your account data while your account is active. When you close it we delete or "
            "anonymise your data within 90 days, except for records we must keep longer by law, such as "
            "invoices, which we keep for seven years.",
            "Messages reported for abuse are kept for up to one year so that we can handle appeals.",
        ],
    ),
    (
        "Your rights",
        "Access, correct, delete, object, and take your data with you.",
        [
            "You have the right to access the personal data we hold about you, to have it corrected or "
            "erased, to restrict or object to its processing and to receive it in a portable format.",
            "To exercise these rights, write to privacy@northwind.example. We answer within one month.",
            "You may also lodge a complaint with your local supervisory authority.",
        ],
    ),
    (
        "Security",
        "We protect your data with technical and organisational measures.",
        [
            "We protect your information with encryption in transit and at rest, access controls and "
            "regular security testing. No method of transmission over the internet is completely secure, "
            "so we cannot guarantee absolute security.",
        ],
    ),
    (
        "Children",
        "The service is not for people under 18.",
        [
            "Our service is intended for adults. We do not knowingly collect personal data from anyone "
            "under 18, and we close accounts when we learn that a user is under age.",
        ],
    ),
    (
        "Automated decisions",
        "Some moderation uses automated tools, with human review.",
        [
            "We use automated tools to detect messages that may break our rules. A person reviews every "
            "decision to suspend an account, and you can ask for the decision to be reconsidered.",
        ],
    ),
    (
        "Changes to this policy",
        "We tell you before important changes take effect.",
        [
            "We may update this policy from time to time. When we make material changes we will notify "
            "you by e-mail or in the app at least 30 days before they take effect.",
        ],
    ),
    (
        "Contact us",
        "Write to our privacy team with any question.",
        [
            "If you have questions about this policy or about how we handle your data, contact our privacy "
            "team at privacy@northwind.example or by post at 4 Harbour Row, Cork, Ireland.",
        ],
    ),
]

FRENCH: list[SectionText] = [
    (
        "Qui sommes-nous",
        "Nous décidons de l'usage de vos données.",
        [
            "La société Vélocité SAS, 12 rue des Tanneurs, 69002 Lyon, est responsable du traitement des "
            "données personnelles décrites dans la présente politique.",
        ],
    ),
    (
        "Données collectées",
        "Votre compte, vos contenus et des données techniques.",
        [
            "Nous collectons les informations que vous nous fournissez lors de la création de votre compte : "
            "nom, adresse électronique, date de naissance et mot de passe.",
            [
                "Les photos et la description de votre profil ;",
                "les messages que vous envoyez ;",
                "l'adresse IP et le type d'appareil utilisé.",
            ],
        ],
    ),
    (
        "Finalités du traitement",
        "Fournir le service, le sécuriser et l'améliorer.",
        [
            "Vos données sont utilisées pour fournir le service, prévenir la fraude, répondre à vos demandes "
            "et, avec votre consentement, vous adresser des offres commerciales.",
        ],
    ),
    (
        "Durée de conservation",
        "Tant que votre compte existe, puis un an au plus.",
        [
            "Vos données sont conservées pendant toute la durée d'utilisation du service puis supprimées "
            "dans un délai d'un an après la clôture de votre compte.",
        ],
    ),
    (
        "Vos droits",
        "Accès, rectification, effacement et opposition.",
        [
            "Vous disposez d'un droit d'accès, de rectification, d'effacement et d'opposition, que vous "
            "pouvez exercer en écrivant à dpo@velocite.example. Vous pouvez également introduire une "
            "réclamation auprès de la CNIL.",
        ],
    ),
]

GERMAN: list[SectionText] = [
    (
        "Verantwortlicher",
        "Wir entscheiden über die Verarbeitung Ihrer Daten.",
        [
            "Verantwortlich für die Datenverarbeitung ist die Bergwerk Digital GmbH, Lindenstraße 7, 80331 München.",
        ],
    ),
    (
        "Welche Daten wir erheben",
        "Konto, Inhalte und technische Daten.",
        [
            "Wir verarbeiten die Daten, die Sie bei der Registrierung angeben, insbesondere Name, "
            "E-Mail-Adresse und Geburtsdatum.",
            ["Profilangaben und Fotos;", "Nachrichten, die Sie versenden;", "IP-Adresse und Gerätedaten."],
        ],
    ),
    (
        "Zwecke und Rechtsgrundlagen",
        "Vertrag, berechtigtes Interesse und Einwilligung.",
        [
            "Wir verarbeiten Ihre Daten zur Erfüllung des Vertrags (Art. 6 Abs. 1 lit. b DSGVO), zur Wahrung "
            "unserer berechtigten Interessen und, soweit Sie eingewilligt haben, für Werbung.",
        ],
    ),
    (
        "Speicherdauer",
        "Solange Ihr Konto besteht.",
        [
            "Wir speichern Ihre Daten, solange Ihr Konto besteht, und löschen sie spätestens sechs Monate "
            "nach der Kündigung, soweit keine gesetzlichen Aufbewahrungspflichten bestehen.",
        ],
    ),
    (
        "Ihre Rechte",
        "Auskunft, Berichtigung, Löschung und Widerspruch.",
        [
            "Sie haben das Recht auf Auskunft, Berichtigung, Löschung, Einschränkung der Verarbeitung, "
            "Datenübertragbarkeit und Widerspruch. Wenden Sie sich dazu an datenschutz@bergwerk.example.",
        ],
    ),
]

COOKIE_NOTICE: list[SectionText] = [
    (
        "What are cookies",
        "",
        [
            "Cookies are small text files that a website stores on your device. We also use similar "
            "technologies such as local storage and pixels, which this notice calls cookies too.",
        ],
    ),
    (
        "Cookies we use",
        "",
        [
            "Strictly necessary cookies keep you signed in and remember your privacy choices. Analytics "
            "cookies tell us how the site is used; we set them only with your consent.",
        ],
    ),
    (
        "Managing cookies",
        "",
        [
            "You can change your choices at any time in the cookie settings linked at the bottom of every "
            "page, or block cookies in your browser settings.",
        ],
    ),
]

STATE_NOTICE: list[SectionText] = [
    (
        "Categories of personal information",
        "",
        [
            "In the past twelve months we collected identifiers, commercial information, internet activity "
            "and inferences, from the sources described in the policy above.",
        ],
    ),
    (
        "Your rights under state law",
        "",
        [
            "Residents of California, Colorado, Virginia and other states may request to know, correct and "
            "delete their personal information and may opt out of targeted advertising.",
            "We will not discriminate against you for exercising these rights.",
        ],
    ),
    (
        "Authorised agents",
        "",
        [
            "You may use an authorised agent to submit a request; we will ask the agent for proof that you "
            "gave them permission.",
        ],
    ),
]

CLOSING = [
    "Our representative in the European Union under Article 27 GDPR is Northwind EU Representative "
    "B.V., Keizersgracht 100, 1015 Amsterdam, the Netherlands.",
    "Our representative in the United Kingdom is Northwind UK Rep Ltd, 20 Station Road, Leeds LS1 4AB.",
    "This policy was written in English; translations are provided for convenience.",
]
CLOSING_DE = [
    "Unser Vertreter in der Europäischen Union ist die Bergwerk EU Vertretung, Rue de la Loi 10, 1040 Brüssel.",
    "Bei Fragen zum Datenschutz erreichen Sie uns jederzeit unter datenschutz@bergwerk.example.",
]
INTRO = [
    "This policy explains what personal data we collect when you use our services, why we collect it "
    "and the choices you have.",
]

# A consent manager's cookie list: (name, provider, purpose, expiry)
COOKIE_ROWS = [
    (f"{name}", provider, purpose, expiry)
    for name, provider, purpose, expiry in [
        ("_ga", "Google", "Distinguishes users for statistics", "2 years"),
        ("_gid", "Google", "Distinguishes users for statistics", "24 hours"),
        ("_gat", "Google", "Throttles request rate", "1 minute"),
        ("_fbp", "Meta", "Delivers advertising on partner sites", "3 months"),
        ("fr", "Meta", "Measures ad relevance", "3 months"),
        ("IDE", "Google", "Measures ad conversions", "1 year"),
        ("test_cookie", "Google", "Checks whether cookies are allowed", "15 minutes"),
        ("_hjSessionUser", "Hotjar", "Keeps a session id across pages", "1 year"),
        ("_hjSession", "Hotjar", "Holds current session data", "30 minutes"),
        ("ajs_anonymous_id", "Segment", "Counts unique visitors", "1 year"),
        ("intercom-id", "Intercom", "Identifies chat visitors", "9 months"),
        ("intercom-session", "Intercom", "Keeps the chat session", "1 week"),
        ("__cf_bm", "Cloudflare", "Distinguishes humans from bots", "30 minutes"),
        ("cf_clearance", "Cloudflare", "Stores a passed challenge", "1 year"),
        ("li_sugr", "LinkedIn", "Browser identifier for ads", "3 months"),
        ("bcookie", "LinkedIn", "Browser identifier", "1 year"),
        ("personalization_id", "X", "Ad personalisation", "2 years"),
        ("muc_ads", "X", "Ad measurement", "2 years"),
        ("_uetsid", "Microsoft", "Tracks visits across sites", "1 day"),
        ("_uetvid", "Microsoft", "Tracks visits across sites", "13 months"),
        ("MUID", "Microsoft", "Identifies unique browsers", "13 months"),
        ("YSC", "YouTube", "Counts video views", "session"),
        ("VISITOR_INFO1_LIVE", "YouTube", "Estimates bandwidth", "6 months"),
        ("tt_webid", "TikTok", "Identifies visitors for ads", "13 months"),
        ("OptanonConsent", "Northwind", "Stores your consent choices", "1 year"),
        ("session_id", "Northwind", "Keeps you signed in", "session"),
        ("csrf_token", "Northwind", "Protects forms against forgery", "session"),
        ("lang", "Northwind", "Remembers your language", "1 year"),
    ]
]
CATEGORIES = [
    (
        "Strictly necessary cookies",
        "These cookies are needed for the website to function and cannot be "
        "switched off. They are usually set in response to your actions, such as setting your privacy "
        "preferences, logging in or filling in forms.",
    ),
    (
        "Performance cookies",
        "These cookies let us count visits and traffic sources so we can measure and "
        "improve the performance of our site. All information they collect is aggregated.",
    ),
    (
        "Functional cookies",
        "These cookies enable enhanced functionality and personalisation, such as "
        "videos and live chat. If you do not allow them, some services may not work properly.",
    ),
    (
        "Targeting cookies",
        "These cookies may be set through our site by our advertising partners to build "
        "a profile of your interests and show you relevant adverts on other sites.",
    ),
]
