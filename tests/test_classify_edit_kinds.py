"""Issue 17, fourth round (h17d): one realistic passage per editorial kind the issue names, in
English, French and German — typos and words joined or split, renumbered cross-references, link
texts, date wording, punctuation and case, reordered lists, merged or split sentences, rewordings
with the same meaning-bearing words, acronyms and abbreviations written out — and the material
kinds that must stay material (rights, choices, notice and negative commitments, recipients and
regions in both directions; contact, controller, representative and DPO changes).

Every passage is written for these tests (realistic policy wording, not copied from a policy).
Each goes through the public pipeline the benchmark uses: a Markdown document per version,
``extract`` → ``diff_documents`` → ``classify``; a passage expected editorial may also leave no
change record at all (the edit is folded away).
"""

# ruff: noqa: E501  (the passages are data: one clause per string)
from __future__ import annotations

import pytest

from tests.diff_helpers import doc, run_diff
from tracker.classify import classify
from tracker.diff import diff_documents
from tracker.extract import extract
from tracker.models import ClauseChange, DocumentRef, PolicyDocument

TITLES = {"en": "Privacy Policy", "fr": "Politique de confidentialité", "de": "Datenschutzerklärung"}
INTROS = {
    "en": "This page describes how Northwind Travel Ltd handles personal data.",
    "fr": "Cette page décrit la manière dont Exemple SAS traite les données personnelles.",
    "de": "Diese Seite beschreibt, wie die Beispiel GmbH mit personenbezogenen Daten umgeht.",
}
SEVERITY = {"editorial": 0, "review": 1, "material": 2}

# (kind, language, expected, heading, old clause, new clause)
PASSAGES = [
    (
        "typo",
        "en",
        "editorial",
        "Your choices",
        "You can opt out of marketing e-mails at any time by using the unsubscribe link in each e-mail.",
        "You can opt-out of marketing emails at any time by using the unsubscribe link in each email.",
    ),
    (
        "typo",
        "en",
        "editorial",
        "Cookies",
        "Our web site uses cookies to remember your log in details.",
        "Our website uses cookies to remember your login details.",
    ),
    (
        "typo",
        "en",
        "editorial",
        "Your rights",
        "You may request a copy of the personal informaton we hold about you.",
        "You may request a copy of the personal information we hold about you.",
    ),
    (
        "typo",
        "en",
        "editorial",
        "Sharing",
        "We share your data with our payment provider through out the checkout process.",
        "We share your data with our payment provider throughout the checkout process.",
    ),
    (
        "typo",
        "fr",
        "editorial",
        "Vos droits",
        "Vous pouvez exercer vos droits en nous écrivant à l'adresse indiquée ci-dessous, en joignant une copie de votre pièce d'identitée.",
        "Vous pouvez exercer vos droits en nous écrivant à l'adresse indiquée ci-dessous, en joignant une copie de votre pièce d'identité.",
    ),
    (
        "typo",
        "fr",
        "editorial",
        "Cookies",
        "Nous utilisons des cookies pour mesurer l'audience de notre site web et améliorer votre experience.",
        "Nous utilisons des cookies pour mesurer l'audience de notre site Web et améliorer votre expérience.",
    ),
    (
        "typo",
        "fr",
        "editorial",
        "Données collectées",
        "Nous collectons vos données personelles lorsque vous créez un compte.",
        "Nous collectons vos données personnelles lorsque vous créez un compte.",
    ),
    (
        "typo",
        "de",
        "editorial",
        "Ihre Rechte",
        "Sie können Ihre Einwilligung jederzeit per E-Mail widerrufen.",
        "Sie können Ihre Einwilligung jederzeit per Email widerrufen.",
    ),
    (
        "typo",
        "de",
        "editorial",
        "Cookies",
        "Wir setzen Cookies ein, um die Nutzung unserer Web-Seite zu analysieren.",
        "Wir setzen Cookies ein, um die Nutzung unserer Webseite zu analysieren.",
    ),
    (
        "typo",
        "de",
        "editorial",
        "Speicherdauer",
        "Wir speichern Ihre Daten nur so lange, wie es für die Vertragsabwicklung erforderlich ist.",
        "Wir speichern Ihre Daten nur so lange, wie es für die Vertrags-Abwicklung erforderlich ist.",
    ),
    (
        "typo",
        "de",
        "editorial",
        "Empfänger",
        "Ihre Daten werden an unseren Zahlungsdienstleister übermittelt, soweit dies zur Zahlungsabwicklung erfordelich ist.",
        "Ihre Daten werden an unseren Zahlungsdienstleister übermittelt, soweit dies zur Zahlungsabwicklung erforderlich ist.",
    ),
    (
        "xref",
        "en",
        "editorial",
        "Your rights",
        "To exercise the rights described in section 4.2, contact us as set out in section 9.",
        "To exercise the rights described in section 5.2, contact us as set out in section 10.",
    ),
    (
        "xref",
        "en",
        "editorial",
        "Retention",
        'We keep your data as described in Section 6 ("How long we keep your data").',
        'We keep your data as described in Section 7 ("How long we keep your data").',
    ),
    (
        "xref",
        "en",
        "editorial",
        "Sharing",
        "We may share data with the service providers listed in paragraph (b) above.",
        "We may share data with the service providers listed in paragraph (c) above.",
    ),
    (
        "xref",
        "fr",
        "editorial",
        "Vos droits",
        "Vous disposez des droits décrits à l'article 7 de la présente politique.",
        "Vous disposez des droits décrits à l'article 8 de la présente politique.",
    ),
    (
        "xref",
        "fr",
        "editorial",
        "Durée de conservation",
        "Les durées de conservation sont précisées à la section 5.1 ci-dessous.",
        "Les durées de conservation sont précisées à la section 6.1 ci-dessous.",
    ),
    (
        "xref",
        "de",
        "editorial",
        "Ihre Rechte",
        "Ihre Rechte nach Ziffer 8 bleiben unberührt.",
        "Ihre Rechte nach Ziffer 9 bleiben unberührt.",
    ),
    (
        "xref",
        "de",
        "editorial",
        "Empfänger",
        "Die in Abschnitt 3.2 genannten Empfänger erhalten nur die erforderlichen Daten.",
        "Die in Abschnitt 4.2 genannten Empfänger erhalten nur die erforderlichen Daten.",
    ),
    (
        "link-text",
        "en",
        "editorial",
        "Cookies",
        "For more details, [click here](https://example.com/cookies).",
        "For more details, [read our Cookie Policy](https://example.com/cookies).",
    ),
    (
        "link-text",
        "en",
        "editorial",
        "Your rights",
        "You can submit a request through our [Privacy Center](https://example.com/privacy).",
        "You can submit a request through our [Privacy Centre](https://example.com/privacy).",
    ),
    (
        "link-text",
        "en",
        "editorial",
        "Your choices",
        "You can change your preferences in the [settings page](https://example.com/settings) of the app.",
        "You can change your preferences in the [Settings](https://example.com/settings) of the app.",
    ),
    (
        "link-text",
        "fr",
        "editorial",
        "Cookies",
        "Pour en savoir plus, [cliquez ici](https://example.fr/cookies).",
        "Pour en savoir plus, consultez notre [Politique cookies](https://example.fr/cookies).",
    ),
    (
        "link-text",
        "fr",
        "editorial",
        "Vos droits",
        "Vous pouvez introduire une réclamation auprès de la [CNIL](https://www.cnil.fr).",
        "Vous pouvez introduire une réclamation auprès de la [Commission nationale de l'informatique et des libertés (CNIL)](https://www.cnil.fr).",
    ),
    (
        "link-text",
        "de",
        "editorial",
        "Cookies",
        "Weitere Informationen finden Sie [hier](https://example.de/cookies).",
        "Weitere Informationen finden Sie in unserer [Cookie-Richtlinie](https://example.de/cookies).",
    ),
    ("date", "en", "editorial", "Introduction", "Last updated: 1 March 2024", "Last updated: March 1, 2024"),
    (
        "date",
        "en",
        "editorial",
        "Introduction",
        "This policy was last updated on 12 January 2024.",
        "Last modified: 12 January 2024.",
    ),
    ("date", "en", "editorial", "Introduction", "Effective date: 01/03/2024", "Effective as of March 1, 2024"),
    ("date", "en", "editorial", "Introduction", "Last updated: 1 March 2024", "Last updated: 5 September 2024"),
    ("date", "fr", "editorial", "Introduction", "Dernière mise à jour : 12 mars 2024", "Mise à jour le 12/03/2024"),
    (
        "date",
        "fr",
        "editorial",
        "Introduction",
        "Date d'entrée en vigueur : 1er mars 2024",
        "En vigueur à compter du 1er mars 2024",
    ),
    ("date", "de", "editorial", "Einleitung", "Stand: 01.03.2024", "Letzte Aktualisierung: 1. März 2024"),
    (
        "date",
        "de",
        "editorial",
        "Einleitung",
        "Diese Datenschutzerklärung wurde zuletzt am 12. Januar 2024 aktualisiert.",
        "Zuletzt aktualisiert am 12.01.2024.",
    ),
    (
        "case",
        "en",
        "editorial",
        "Sharing",
        "We share Personal Data with our Service Providers, who process it on our behalf.",
        "We share personal data with our service providers who process it on our behalf.",
    ),
    (
        "case",
        "fr",
        "editorial",
        "Partage",
        "Nous partageons vos Données Personnelles avec nos Prestataires, qui les traitent pour notre compte.",
        "Nous partageons vos données personnelles avec nos prestataires qui les traitent pour notre compte.",
    ),
    (
        "case",
        "de",
        "editorial",
        "Empfänger",
        "Wir geben Ihre Daten an Dienstleister weiter, die sie in unserem Auftrag verarbeiten.",
        "Wir geben Ihre Daten an Dienstleister weiter – die sie in unserem Auftrag verarbeiten.",
    ),
    (
        "reorder",
        "en",
        "editorial",
        "What we collect",
        "We collect your name, email address, phone number and billing address.",
        "We collect your email address, name, billing address and phone number.",
    ),
    (
        "reorder",
        "fr",
        "editorial",
        "Données collectées",
        "Nous collectons vos nom, prénom, adresse e-mail et numéro de téléphone.",
        "Nous collectons vos prénom, nom, numéro de téléphone et adresse e-mail.",
    ),
    (
        "reorder",
        "de",
        "editorial",
        "Erhobene Daten",
        "Wir erheben Ihren Namen, Ihre E-Mail-Adresse und Ihre Telefonnummer.",
        "Wir erheben Ihre E-Mail-Adresse, Ihren Namen und Ihre Telefonnummer.",
    ),
    (
        "merge-split",
        "en",
        "editorial",
        "What we collect",
        "We collect your name. We also collect your email address when you register.",
        "When you register, we collect your name and your email address.",
    ),
    (
        "merge-split",
        "en",
        "editorial",
        "Sharing",
        "We share your data with our hosting provider and with our payment provider.",
        "We share your data with our hosting provider. We also share it with our payment provider.",
    ),
    (
        "merge-split",
        "fr",
        "editorial",
        "Partage",
        "Nous partageons vos données avec notre hébergeur. Nous les partageons également avec notre prestataire de paiement.",
        "Nous partageons vos données avec notre hébergeur ainsi qu'avec notre prestataire de paiement.",
    ),
    (
        "merge-split",
        "de",
        "editorial",
        "Empfänger",
        "Wir geben Ihre Daten an unseren Hosting-Anbieter weiter. Außerdem geben wir sie an unseren Zahlungsdienstleister weiter.",
        "Wir geben Ihre Daten an unseren Hosting-Anbieter und an unseren Zahlungsdienstleister weiter.",
    ),
    (
        "reworded",
        "en",
        "editorial",
        "Retention",
        "We will keep your data for as long as your account is active.",
        "We will keep your data for as long as your account remains active.",
    ),
    (
        "reworded",
        "en",
        "editorial",
        "Contact",
        "If you have any questions about this policy, please contact us.",
        "If you have questions regarding this policy, please get in touch with us.",
    ),
    (
        "reworded",
        "fr",
        "editorial",
        "Contact",
        "Pour toute question relative à cette politique, vous pouvez nous contacter.",
        "Pour toute question concernant cette politique, vous pouvez nous contacter.",
    ),
    (
        "reworded",
        "de",
        "editorial",
        "Kontakt",
        "Bei Fragen zu dieser Datenschutzerklärung können Sie uns jederzeit kontaktieren.",
        "Bei Fragen zu dieser Datenschutzerklärung können Sie sich jederzeit an uns wenden.",
    ),
    (
        "both-directions",
        "en",
        "material",
        "Your rights",
        "You may request a copy of your personal data.",
        "You may request a copy of your personal data. You also have the right to data portability.",
    ),
    (
        "both-directions",
        "en",
        "material",
        "Changes to this policy",
        "We may update this policy from time to time.",
        "We may update this policy from time to time. We will notify you by email at least 30 days before any material change takes effect.",
    ),
    (
        "both-directions",
        "en",
        "material",
        "Sharing",
        "We share your data with our advertising partners.",
        "We share your data with our advertising partners. We do not sell your personal information.",
    ),
    (
        "both-directions",
        "en",
        "material",
        "Sharing",
        "We share your data with our payment provider, our hosting provider and our advertising partners.",
        "We share your data with our payment provider and our hosting provider.",
    ),
    (
        "both-directions",
        "en",
        "material",
        "Your rights",
        "If you live in the European Economic Area, you may ask us to delete your data.",
        "Wherever you live, you may ask us to delete your data.",
    ),
    (
        "both-directions",
        "fr",
        "material",
        "Vos droits",
        "Vous pouvez demander l'accès à vos données.",
        "Vous pouvez demander l'accès à vos données. Vous disposez également du droit à la portabilité de vos données.",
    ),
    (
        "both-directions",
        "fr",
        "material",
        "Partage",
        "Nous partageons vos données avec nos partenaires publicitaires.",
        "Nous partageons vos données avec nos partenaires publicitaires. Nous ne vendons pas vos données personnelles.",
    ),
    (
        "both-directions",
        "fr",
        "material",
        "Modifications",
        "Nous pouvons modifier cette politique à tout moment.",
        "Nous pouvons modifier cette politique à tout moment. Nous vous informerons par e-mail au moins 30 jours avant l'entrée en vigueur de toute modification importante.",
    ),
    (
        "both-directions",
        "de",
        "material",
        "Ihre Rechte",
        "Sie können Auskunft über Ihre Daten verlangen.",
        "Sie können Auskunft über Ihre Daten verlangen. Außerdem haben Sie das Recht auf Datenübertragbarkeit.",
    ),
    (
        "both-directions",
        "de",
        "material",
        "Empfänger",
        "Wir geben Ihre Daten an unseren Zahlungsdienstleister, unseren Hosting-Anbieter und unsere Werbepartner weiter.",
        "Wir geben Ihre Daten an unseren Zahlungsdienstleister und unseren Hosting-Anbieter weiter.",
    ),
    (
        "both-directions",
        "de",
        "material",
        "Empfänger",
        "Wir geben Ihre Daten an Werbepartner weiter.",
        "Wir geben Ihre Daten an Werbepartner weiter. Wir verkaufen Ihre Daten nicht.",
    ),
    (
        "both-directions",
        "en",
        "material",
        "Contact",
        "You can contact our Data Protection Officer at dpo@acme.example.",
        "You can contact our Data Protection Officer at privacy@acme-group.example.",
    ),
    (
        "party",
        "en",
        "material",
        "Who we are",
        "The controller of your data is Acme Ltd, 1 High Street, London EC1A 1AA.",
        "The controller of your data is Acme Europe B.V., Keizersgracht 1, 1015 Amsterdam.",
    ),
    (
        "party",
        "en",
        "material",
        "Contact",
        "Our EU representative is DataRep Ltd, Dublin.",
        "Our EU representative is Prighter GmbH, Vienna.",
    ),
    (
        "party",
        "en",
        "material",
        "Contact",
        "Write to us at Acme Ltd, 1 High Street, London EC1A 1AA.",
        "Write to us at Acme Ltd, 25 Canal Road, Manchester M1 2AB.",
    ),
    (
        "party",
        "fr",
        "material",
        "Contact",
        "Vous pouvez contacter notre délégué à la protection des données à dpo@exemple.fr.",
        "Vous pouvez contacter notre délégué à la protection des données à privacy@groupe-exemple.com.",
    ),
    (
        "party",
        "fr",
        "material",
        "Responsable du traitement",
        "Le responsable du traitement est Exemple SAS, 12 rue de la Paix, 75002 Paris.",
        "Le responsable du traitement est Exemple Europe SA, 3 avenue Louise, 1050 Bruxelles.",
    ),
    (
        "party",
        "de",
        "material",
        "Verantwortlicher",
        "Verantwortlich ist die Beispiel GmbH, Hauptstraße 1, 10115 Berlin.",
        "Verantwortlich ist die Beispiel Holding AG, Seestrasse 5, 8001 Zürich.",
    ),
    (
        "party",
        "de",
        "material",
        "Datenschutzbeauftragter",
        "Unseren Datenschutzbeauftragten erreichen Sie unter datenschutz@beispiel.de.",
        "Unseren Datenschutzbeauftragten erreichen Sie unter dsb@extern-datenschutz.de.",
    ),
    (
        "party",
        "en",
        "editorial",
        "Contact",
        "Contact us at [privacy@acme.example](mailto:privacy@acme.example).",
        "Contact us at [privacy@acme.example](mailto:privacy@acme.example?subject=Privacy).",
    ),
    (
        "reworded",
        "en",
        "editorial",
        "Sharing",
        "We may share your personal information with our service providers, who process it on our behalf.",
        "We may share your personal data with our service providers, who process it on our behalf.",
    ),
    (
        "reworded",
        "en",
        "editorial",
        "Introduction",
        'This Privacy Policy (the "Policy") explains how Acme handles your data.',
        "This Privacy Policy explains how Acme handles your data.",
    ),
    (
        "abbreviation",
        "en",
        "editorial",
        "Your choices",
        "You can disable cookies in your browser settings, e.g. in Chrome or Firefox.",
        "You can disable cookies in your browser settings, for example in Chrome or Firefox.",
    ),
    (
        "reworded",
        "en",
        "editorial",
        "Legal basis",
        "We process your data in accordance with Article 6(1)(b) GDPR to perform our contract with you.",
        "We process your data under Article 6(1)(b) GDPR to perform our contract with you.",
    ),
    (
        "acronym",
        "en",
        "editorial",
        "Transfers",
        "We transfer data to the U.S. on the basis of standard contractual clauses.",
        "We transfer data to the United States on the basis of standard contractual clauses.",
    ),
    (
        "acronym",
        "en",
        "editorial",
        "Your rights",
        "If you are in the EEA, you may lodge a complaint with your local supervisory authority.",
        "If you are in the European Economic Area, you may lodge a complaint with your local supervisory authority.",
    ),
    (
        "reworded",
        "en",
        "editorial",
        "Who we are",
        "Acme Inc. is the controller of your personal data.",
        "Acme, Inc. is the controller of your personal data.",
    ),
    (
        "reworded",
        "en",
        "editorial",
        "Sharing",
        "We share your data with our payment processor and/or our fraud prevention provider.",
        "We share your data with our payment processor or our fraud prevention provider.",
    ),
    (
        "reworded",
        "en",
        "editorial",
        "Your rights",
        "You can request access to your data by contacting us.",
        "You may request access to your data by contacting us.",
    ),
    (
        "reworded",
        "en",
        "editorial",
        "Retention",
        "We keep your data for as long as needed to provide the Service to you.",
        "We keep your data for as long as needed to provide our Services to you.",
    ),
    (
        "reworded",
        "fr",
        "editorial",
        "Partage",
        "Nous pouvons partager vos données à caractère personnel avec nos prestataires.",
        "Nous pouvons partager vos données personnelles avec nos prestataires.",
    ),
    (
        "reworded",
        "fr",
        "editorial",
        "Base légale",
        "Nous traitons vos données conformément à l'article 6 du RGPD.",
        "Nous traitons vos données en application de l'article 6 du RGPD.",
    ),
    (
        "reworded",
        "fr",
        "editorial",
        "Vos droits",
        "Vous pouvez exercer vos droits en nous contactant à l'adresse suivante : dpo@exemple.fr.",
        "Vous pouvez exercer vos droits en nous écrivant à l'adresse suivante : dpo@exemple.fr.",
    ),
    (
        "abbreviation",
        "fr",
        "editorial",
        "Cookies",
        "Vous pouvez paramétrer vos cookies à tout moment, par ex. depuis votre navigateur.",
        "Vous pouvez paramétrer vos cookies à tout moment, par exemple depuis votre navigateur.",
    ),
    (
        "abbreviation",
        "de",
        "editorial",
        "Rechtsgrundlage",
        "Die Verarbeitung erfolgt gem. Art. 6 Abs. 1 lit. b DSGVO.",
        "Die Verarbeitung erfolgt gemäß Art. 6 Abs. 1 lit. b DSGVO.",
    ),
    (
        "acronym",
        "de",
        "editorial",
        "Rechtsgrundlage",
        "Die Verarbeitung erfolgt auf Grundlage der Datenschutz-Grundverordnung (DSGVO).",
        "Die Verarbeitung erfolgt auf Grundlage der DSGVO.",
    ),
    (
        "reworded",
        "de",
        "editorial",
        "Empfänger",
        "Wir geben personenbezogene Daten an unseren Versanddienstleister weiter.",
        "Wir geben Ihre personenbezogenen Daten an unseren Versanddienstleister weiter.",
    ),
    (
        "reworded",
        "de",
        "editorial",
        "Ihre Rechte",
        "Sie können Ihre Rechte jederzeit uns gegenüber geltend machen.",
        "Sie können Ihre Rechte uns gegenüber jederzeit geltend machen.",
    ),
    (
        "both-directions",
        "en",
        "material",
        "Sharing",
        "We share your data with our service providers.",
        "We share your data with our service providers and with law enforcement agencies.",
    ),
    (
        "both-directions",
        "en",
        "material",
        "Sharing",
        "We share your data with our affiliates and with advertisers.",
        "We share your data with our affiliates.",
    ),
    ("both-directions", "en", "material", "Your choices", "You can opt out of personalised ads in Settings.", ""),
    (
        "both-directions",
        "en",
        "material",
        "Changes",
        "We will notify you by email before any change to this policy takes effect.",
        "We may update this policy from time to time.",
    ),
    ("both-directions", "en", "material", "Sharing", "We do not sell your personal information.", ""),
    (
        "both-directions",
        "en",
        "material",
        "Scope",
        "This policy applies to users worldwide.",
        "This policy applies to users in the United States.",
    ),
    (
        "both-directions",
        "en",
        "material",
        "Contact",
        "Our Data Protection Officer is Jane Smith.",
        "Our Data Protection Officer is John Doe.",
    ),
    (
        "both-directions",
        "en",
        "material",
        "Contact",
        "",
        "Our UK representative is DataRep UK Ltd, 10 Queen Street, London.",
    ),
    (
        "both-directions",
        "en",
        "material",
        "What we collect",
        "We collect your name and email address.",
        "We collect your name, email address and precise location.",
    ),
    (
        "both-directions",
        "fr",
        "material",
        "Partage",
        "Nous ne partageons jamais vos données avec des tiers.",
        "Nous pouvons partager vos données avec des tiers.",
    ),
    (
        "both-directions",
        "fr",
        "material",
        "Partage",
        "Nous partageons vos données avec nos filiales et nos partenaires publicitaires.",
        "Nous partageons vos données avec nos filiales.",
    ),
    (
        "both-directions",
        "fr",
        "material",
        "Finalités",
        "Nous utilisons vos données pour gérer votre compte.",
        "Nous utilisons vos données pour gérer votre compte et à des fins de publicité ciblée.",
    ),
    (
        "both-directions",
        "fr",
        "material",
        "Vos droits",
        "",
        "Vous pouvez définir des directives relatives au sort de vos données après votre décès.",
    ),
    (
        "both-directions",
        "fr",
        "material",
        "Durée de conservation",
        "Nous conservons vos données pendant 1 an après la clôture de votre compte.",
        "Nous conservons vos données pendant 3 ans après la clôture de votre compte.",
    ),
    (
        "both-directions",
        "de",
        "material",
        "Empfänger",
        "Wir geben Ihre Daten nicht an Dritte weiter.",
        "Wir können Ihre Daten an Dritte weitergeben.",
    ),
    (
        "both-directions",
        "de",
        "material",
        "Speicherdauer",
        "Wir löschen Ihre Daten nach 30 Tagen.",
        "Wir löschen Ihre Daten nach 90 Tagen.",
    ),
    (
        "both-directions",
        "de",
        "material",
        "Ihre Rechte",
        "Sie können der Verarbeitung Ihrer Daten für Werbezwecke jederzeit widersprechen.",
        "",
    ),
    (
        "both-directions",
        "de",
        "material",
        "Änderungen",
        "Wir werden Sie per E-Mail informieren, bevor Änderungen wirksam werden.",
        "Wir können diese Datenschutzerklärung jederzeit ändern.",
    ),
    (
        "both-directions",
        "de",
        "material",
        "Verantwortlicher",
        "Unser Vertreter in der EU ist die DataRep GmbH, Berlin.",
        "Unser Vertreter in der EU ist die EuroRep S.à r.l., Luxemburg.",
    ),
    (
        "both-directions",
        "de",
        "material",
        "Geltungsbereich",
        "Diese Datenschutzerklärung gilt für Nutzer in Deutschland.",
        "Diese Datenschutzerklärung gilt für Nutzer in der gesamten EU.",
    ),
    (
        "both-directions",
        "de",
        "material",
        "Zwecke",
        "Wir verwenden Ihre Daten zur Vertragsabwicklung.",
        "Wir verwenden Ihre Daten zur Vertragsabwicklung und für personalisierte Werbung.",
    ),
    # third batch: passive and impersonal denials, purposes and notice in French and German
    (
        "notice",
        "en",
        "material",
        "Changes",
        "We will notify you by email and through the app of any changes to this policy.",
        "We will post any changes to this policy on this page.",
    ),
    (
        "both-directions",
        "en",
        "material",
        "Your choices",
        "",
        "You can turn off personalised recommendations in Settings at any time.",
    ),
    (
        "party",
        "en",
        "material",
        "Contact",
        "Contact our privacy team at privacy@acme.example.",
        "Contact our privacy team using the form on our website.",
    ),
    (
        "both-directions",
        "en",
        "material",
        "Sharing",
        "We share data with our parent company.",
        "We share data with our parent company and its advertising partners.",
    ),
    (
        "region",
        "en",
        "material",
        "Your rights",
        "California residents have the right to know what personal information we collect.",
        "Residents of California, Virginia and Colorado have the right to know what personal information we collect.",
    ),
    (
        "negative",
        "en",
        "material",
        "Sharing",
        "We do not sell your data and we do not share it for cross-context behavioral advertising.",
        "We do not sell your data.",
    ),
    (
        "negative",
        "en",
        "material",
        "Sharing",
        "We share your data with our service providers.",
        "We share your data with our service providers. Your data is never sold to third parties.",
    ),
    (
        "party",
        "en",
        "material",
        "Who we are",
        "Acme Ltd is the controller of your personal data.",
        "Acme Group Holdings Inc. is the controller of your personal data.",
    ),
    (
        "both-directions",
        "en",
        "material",
        "Your rights",
        "You can ask us to delete your data.",
        "You can ask us to delete your data. If we refuse your request, you can appeal our decision by emailing appeals@acme.example.",
    ),
    (
        "both-directions",
        "en",
        "material",
        "Security",
        "We encrypt your data in transit and at rest.",
        "We encrypt your data in transit.",
    ),
    (
        "notice",
        "fr",
        "material",
        "Modifications",
        "Nous vous informerons de toute modification par e-mail.",
        "Les modifications seront publiées sur cette page.",
    ),
    (
        "party",
        "fr",
        "material",
        "Contact",
        "Notre représentant dans l'UE est DataRep SARL, Paris.",
        "Notre représentant dans l'UE est EuroRep SA, Luxembourg.",
    ),
    (
        "negative",
        "fr",
        "material",
        "Partage",
        "Nous partageons vos données avec nos prestataires.",
        "Nous partageons vos données avec nos prestataires. Vos données ne sont jamais vendues à des tiers.",
    ),
    (
        "both-directions",
        "fr",
        "material",
        "Vos droits",
        "Vous pouvez introduire une réclamation auprès de la CNIL.",
        "",
    ),
    (
        "both-directions",
        "fr",
        "material",
        "Partage",
        "Nous ne transmettons pas vos données à des partenaires commerciaux.",
        "Nous pouvons transmettre vos données à des partenaires commerciaux.",
    ),
    (
        "purpose",
        "fr",
        "material",
        "Cookies",
        "Nous utilisons des cookies de mesure d'audience.",
        "Nous utilisons des cookies de mesure d'audience et des cookies publicitaires.",
    ),
    (
        "negative",
        "de",
        "material",
        "Empfänger",
        "Wir geben Ihre Daten an unseren Versanddienstleister weiter.",
        "Wir geben Ihre Daten an unseren Versanddienstleister weiter. Eine Weitergabe an sonstige Dritte findet nicht statt.",
    ),
    (
        "party",
        "de",
        "material",
        "Datenschutzbeauftragter",
        "Unser Datenschutzbeauftragter ist Herr Max Muster.",
        "Unsere Datenschutzbeauftragte ist Frau Erika Beispiel.",
    ),
    (
        "both-directions",
        "de",
        "material",
        "Ihre Rechte",
        "Sie haben das Recht, sich bei einer Aufsichtsbehörde zu beschweren.",
        "",
    ),
    (
        "purpose",
        "de",
        "material",
        "Cookies",
        "Wir setzen nur technisch notwendige Cookies ein.",
        "Wir setzen technisch notwendige Cookies und Marketing-Cookies ein.",
    ),
    (
        "both-directions",
        "de",
        "material",
        "Übermittlung in Drittländer",
        "Eine Übermittlung Ihrer Daten in Drittländer findet nicht statt.",
        "Ihre Daten können in die USA übermittelt werden.",
    ),
    (
        "negation-reworded",
        "en",
        "editorial",
        "Sharing",
        "We do not sell your personal information.",
        "We never sell your personal information.",
    ),
    (
        "punctuation",
        "en",
        "editorial",
        "Contact",
        "Questions? Email us at privacy@acme.example.",
        "Questions? Email us: privacy@acme.example",
    ),
    (
        "negation-reworded",
        "fr",
        "editorial",
        "Partage",
        "Nous ne vendons pas vos données personnelles.",
        "Nous ne vendons jamais vos données personnelles.",
    ),
    (
        "negation-reworded",
        "de",
        "editorial",
        "Empfänger",
        "Wir verkaufen Ihre Daten nicht.",
        "Wir verkaufen Ihre Daten niemals.",
    ),
    (
        "notice",
        "de",
        "material",
        "Änderungen",
        "Über Änderungen dieser Datenschutzerklärung informieren wir Sie per E-Mail.",
        "Änderungen dieser Datenschutzerklärung veröffentlichen wir auf dieser Seite.",
    ),
    # a clause edited in several places, each edit editorial on its own (or one of them not)
    (
        "several-edits",
        "en",
        "editorial",
        "Sharing",
        "We may share your personal information with our service providers, who help us operate the Service, as described in section 4.2 of this Policy.",
        "We may share your personal data with our service providers, who help us operate the Services, as described in section 5.2 of this Policy.",
    ),
    (
        "several-edits",
        "en",
        "editorial",
        "Your rights",
        "You can exercise these rights at any time by emailing us, or by using the tools in your account setings, subject to applicable law.",
        "You can exercise these rights at any time by e-mailing us, or by using the tools in your account settings, subject to applicable laws.",
    ),
    (
        "several-edits",
        "fr",
        "editorial",
        "Vos droits",
        "Vous pouvez exercer ces droits à tout moment en nous contactant, conformément à l'article 8 de la présente Politique, ou via les paramètres de votre compte.",
        "Vous pouvez exercer ces droits à tout moment en nous contactant, conformément à l'article 9 de la présente politique, ou via les paramètres de votre Compte.",
    ),
    (
        "several-edits",
        "fr",
        "editorial",
        "Partage",
        "Nous partageons vos données à caractère personnel avec nos prestataires techniques, qui nous aident a fournir le service.",
        "Nous partageons vos données personnelles avec nos prestataires techniques, qui nous aident à fournir le Service.",
    ),
    (
        "several-edits",
        "de",
        "editorial",
        "Empfänger",
        "Wir geben Ihre personenbezogenen Daten an technische Dienstleister weiter, die uns gem. Ziffer 4 bei der Bereitstellung des Dienstes unterstützen.",
        "Wir geben Ihre personenbezogenen Daten an technische Dienstleister weiter, die uns gemäß Ziffer 5 bei der Bereitstellung des Dienstes unterstützen.",
    ),
    (
        "several-edits",
        "de",
        "editorial",
        "Ihre Rechte",
        "Sie können diese Rechte jederzeit per E-Mail geltend machen, siehe Abschnitt 7, oder über die Einstellungen in Ihrem Kundenkonto.",
        "Sie können diese Rechte jederzeit per Email geltend machen, siehe Abschnitt 8, oder über die Einstellungen in Ihrem Kunden-Konto.",
    ),
    (
        "several-edits-one-material",
        "en",
        "material",
        "Sharing",
        "We may share your personal information with our service providers, as described in section 4.2.",
        "We may share your personal data with our service providers and advertising partners, as described in section 5.2.",
    ),
    # the reader addressed informally ('du', 'tu'), or in gender-inclusive forms
    (
        "address-form",
        "de",
        "editorial",
        "Ihre Rechte",
        "Sie können Ihre Einwilligung jederzeit widerrufen.",
        "Du kannst deine Einwilligung jederzeit widerrufen.",
    ),
    (
        "address-form",
        "de",
        "editorial",
        "Empfänger",
        "Wir geben Ihre Daten nicht an Dritte weiter.",
        "Wir geben deine Daten nicht an Dritte weiter.",
    ),
    (
        "inclusive-form",
        "de",
        "editorial",
        "Speicherdauer",
        "Wir löschen die Daten der Nutzer nach 30 Tagen.",
        "Wir löschen die Daten der Nutzer*innen nach 30 Tagen.",
    ),
    (
        "inclusive-form",
        "de",
        "editorial",
        "Speicherdauer",
        "Wir löschen die Daten der Nutzer nach 30 Tagen.",
        "Wir löschen die Daten der Nutzerinnen und Nutzer nach 30 Tagen.",
    ),
    (
        "inclusive-form",
        "fr",
        "editorial",
        "Conservation",
        "Nous supprimons les données des utilisateurs après 30 jours.",
        "Nous supprimons les données des utilisateur·rice·s après 30 jours.",
    ),
    (
        "address-form",
        "fr",
        "editorial",
        "Vos droits",
        "Vous pouvez retirer votre consentement à tout moment.",
        "Tu peux retirer ton consentement à tout moment.",
    ),
    (
        "address-form",
        "de",
        "editorial",
        "Ihre Rechte",
        "Sie haben das Recht, Auskunft über Ihre Daten zu verlangen.",
        "Du hast das Recht, Auskunft über deine Daten zu verlangen.",
    ),
    (
        "address-form",
        "de",
        "material",
        "Deine Rechte",
        "",
        "Du hast das Recht, der Verarbeitung deiner Daten für Werbung jederzeit zu widersprechen.",
    ),
    (
        "address-form",
        "fr",
        "material",
        "Tes droits",
        "Tu peux demander l’accès à tes données.",
        "Tu peux demander l’accès à tes données. Tu disposes également du droit à la portabilité de tes données.",
    ),
    # copyright years, version numbers, telephone formatting, a trademark sign, a document renamed
    (
        "copyright",
        "en",
        "editorial",
        "Legal",
        "© 2023 Northwind Travel Ltd. All rights reserved.",
        "© 2024 Northwind Travel Ltd. All rights reserved.",
    ),
    (
        "copyright",
        "en",
        "editorial",
        "Legal",
        "Copyright 2021-2023 Northwind Travel Ltd.",
        "Copyright 2021-2024 Northwind Travel Ltd.",
    ),
    (
        "copyright",
        "fr",
        "editorial",
        "Mentions",
        "© 2023 Exemple SAS. Tous droits réservés.",
        "© 2024 Exemple SAS. Tous droits réservés.",
    ),
    (
        "copyright",
        "de",
        "editorial",
        "Impressum",
        "© 2023 Beispiel GmbH. Alle Rechte vorbehalten.",
        "© 2024 Beispiel GmbH. Alle Rechte vorbehalten.",
    ),
    (
        "version",
        "en",
        "editorial",
        "Introduction",
        "Version 3.2 of this Privacy Policy",
        "Version 3.3 of this Privacy Policy",
    ),
    (
        "version",
        "de",
        "editorial",
        "Einleitung",
        "Fassung 2.1 dieser Datenschutzerklärung",
        "Fassung 2.2 dieser Datenschutzerklärung",
    ),
    ("case", "en", "editorial", "Contact", "Call us on +1 (555) 123-4567.", "Call us on +1 555 123 4567."),
    (
        "case",
        "en",
        "editorial",
        "Introduction",
        "Welcome to Tinder! This Privacy Policy explains how we handle your data.",
        "Welcome to Tinder®! This Privacy Policy explains how we handle your data.",
    ),
    (
        "reworded",
        "en",
        "editorial",
        "Introduction",
        "This Privacy Policy explains how we handle your data.",
        "This Privacy Notice explains how we handle your data.",
    ),
    (
        "reworded",
        "en",
        "editorial",
        "Sharing",
        "We share your data with our service providers (see below).",
        "We share your data with our service providers (see the list below).",
    ),
    # material in three languages: regions, legal basis, a negation added, data, ages, promises, security, choices
    (
        "region",
        "en",
        "material",
        "Transfers",
        "We store your data in the EU.",
        "We store your data in the EU and the United States.",
    ),
    (
        "region",
        "fr",
        "material",
        "Hébergement",
        "Vos données sont hébergées en France.",
        "Vos données sont hébergées en France et aux États-Unis.",
    ),
    (
        "region",
        "de",
        "material",
        "Speicherort",
        "Ihre Daten werden auf Servern in Deutschland gespeichert.",
        "Ihre Daten werden auf Servern in Deutschland und den USA gespeichert.",
    ),
    (
        "legal-basis",
        "en",
        "material",
        "Legal basis",
        "We process your data on the basis of your consent.",
        "We process your data on the basis of our legitimate interests.",
    ),
    (
        "legal-basis",
        "fr",
        "material",
        "Base légale",
        "Nous traitons vos données sur la base de votre consentement.",
        "Nous traitons vos données sur la base de notre intérêt légitime.",
    ),
    (
        "legal-basis",
        "de",
        "material",
        "Rechtsgrundlage",
        "Wir verarbeiten Ihre Daten auf Grundlage Ihrer Einwilligung.",
        "Wir verarbeiten Ihre Daten auf Grundlage unseres berechtigten Interesses.",
    ),
    (
        "negation-added",
        "en",
        "material",
        "Do Not Track",
        "We respond to Do Not Track signals.",
        "We do not respond to Do Not Track signals.",
    ),
    (
        "collection",
        "fr",
        "material",
        "Données collectées",
        "Nous collectons votre nom.",
        "Nous collectons votre nom et votre numéro de téléphone.",
    ),
    (
        "collection",
        "de",
        "material",
        "Erhobene Daten",
        "Wir erheben Ihren Namen.",
        "Wir erheben Ihren Namen und Ihre Telefonnummer.",
    ),
    (
        "children",
        "en",
        "material",
        "Children",
        "Our services are not intended for children under 13.",
        "Our services are not intended for children under 16.",
    ),
    (
        "children",
        "fr",
        "material",
        "Mineurs",
        "Nos services ne sont pas destinés aux enfants de moins de 15 ans.",
        "Nos services ne sont pas destinés aux enfants de moins de 13 ans.",
    ),
    (
        "children",
        "de",
        "material",
        "Kinder",
        "Unsere Dienste richten sich nicht an Kinder unter 16 Jahren.",
        "Unsere Dienste richten sich nicht an Kinder unter 13 Jahren.",
    ),
    (
        "promise-removed",
        "en",
        "material",
        "Automated decisions",
        "We do not make decisions about you based solely on automated processing.",
        "",
    ),
    (
        "promise-removed",
        "fr",
        "material",
        "Décisions automatisées",
        "Nous ne prenons aucune décision fondée exclusivement sur un traitement automatisé.",
        "",
    ),
    (
        "promise-removed",
        "de",
        "material",
        "Automatisierte Entscheidungen",
        "Eine automatisierte Entscheidungsfindung findet nicht statt.",
        "",
    ),
    (
        "security-removed",
        "fr",
        "material",
        "Sécurité",
        "Nous chiffrons vos données lors de leur transmission et de leur stockage.",
        "Nous chiffrons vos données lors de leur transmission.",
    ),
    (
        "security-removed",
        "de",
        "material",
        "Datensicherheit",
        "Wir verschlüsseln Ihre Daten bei der Übertragung und bei der Speicherung.",
        "Wir verschlüsseln Ihre Daten bei der Übertragung.",
    ),
    (
        "choice-removed",
        "fr",
        "material",
        "Vos choix",
        "Vous pouvez vous désinscrire de notre newsletter à tout moment.",
        "",
    ),
    ("choice-removed", "de", "material", "Newsletter", "Sie können den Newsletter jederzeit abbestellen.", ""),
]


def _document(lang: str, heading: str, text: str) -> PolicyDocument:
    body = f"\n\n{text}\n" if text else "\n"
    markdown = f"# {TITLES[lang]}\n\n{INTROS[lang]}\n\n## {heading}{body}"
    return extract(markdown.encode("utf-8"), "text/markdown")


def judged(lang: str, heading: str, old: str, new: str) -> list[ClauseChange]:
    """Every clause change of the diff between the two one-passage documents."""
    before, after = _document(lang, heading, old), _document(lang, heading, new)
    diff = diff_documents(before, after, old_ref=DocumentRef("v1"), new_ref=DocumentRef("v2"), policy_id="own")
    return [clause for change in classify(diff, before, after).changes for clause in change.clauses]


@pytest.mark.parametrize(
    ("kind", "lang", "expected", "heading", "old", "new"),
    PASSAGES,
    ids=[f"{kind}-{lang}-{n}" for n, (kind, lang, *_) in enumerate(PASSAGES)],
)
def test_each_kind_of_edit_is_judged_as_a_lawyer_would(
    kind: str, lang: str, expected: str, heading: str, old: str, new: str
) -> None:
    clauses = judged(lang, heading, old, new)
    if expected == "editorial" and not clauses:
        return  # folded away: the user sees nothing, as for an editorial edit
    assert clauses, (kind, old, new)
    got = max((c.materiality or "review" for c in clauses), key=SEVERITY.__getitem__)
    assert got == expected, (kind, [(c.kind, c.materiality, c.reasons) for c in clauses])


def test_the_passages_cover_every_kind_in_every_language() -> None:
    editorial = {"typo", "xref", "link-text", "date", "case", "reorder", "merge-split", "reworded"}
    for kind in editorial:
        assert {lang for k, lang, *_ in PASSAGES if k == kind} == {"en", "fr", "de"}, kind
    material = {lang for k, lang, want, *_ in PASSAGES if want == "material"}
    assert material == {"en", "fr", "de"}


def _section_clauses(old: list[str], new: list[str]) -> list[ClauseChange]:
    intro = ("Who we are", ["Northwind Travel Ltd runs the Northwind booking app."])
    before, after = doc(intro, ("Contact", old)), doc(intro, ("Contact", new))
    return [clause for change in classify(run_diff(before, after), before, after).changes for clause in change.clauses]


def test_a_short_line_whose_words_stood_in_the_section_is_editorial() -> None:
    clauses = _section_clauses(
        ["NORTHWIND TRAVEL LTD, 1 High Street, London EC1A 1AA"],
        ["1 High Street, London EC1A 1AA", "Northwind Travel Ltd"],
    )
    added = [c for c in clauses if c.kind == "added" and c.new_text == "Northwind Travel Ltd"]
    assert added and added[0].materiality == "editorial", [(c.kind, c.new_text, c.reasons) for c in clauses]


def test_a_short_line_with_new_words_is_not_rejoined() -> None:
    clauses = _section_clauses(
        ["Northwind Travel Ltd, 1 High Street, London"],
        ["Northwind Travel Ltd, 1 High Street, London", "Google Analytics"],
    )
    (added,) = [c for c in clauses if c.kind == "added"]
    assert added.materiality != "editorial", added.reasons


@pytest.mark.parametrize(
    ("heading", "kept", "dropped"),
    [
        (
            "Partage",
            "Nous partageons vos données avec notre hébergeur situé dans l'Union européenne.",
            "Nous partageons vos données avec notre hébergeur situé dans l'Union européenne.",
        ),
        (
            "Empfänger",
            "Wir geben Ihre Daten an unseren Hosting-Anbieter mit Sitz in der EU weiter.",
            "Wir geben Ihre Daten an unseren Hosting-Anbieter mit Sitz in der EU weiter.",
        ),
        (
            "Sharing",
            "We share your data with our hosting provider based in the European Union.",
            "We share your data with our hosting provider based in the European Union.",
        ),
    ],
)
def test_a_duplicate_dropped_while_its_text_stays_elsewhere_is_editorial(heading: str, kept: str, dropped: str) -> None:
    lang = {"Partage": "fr", "Empfänger": "de"}.get(heading, "en")
    intro = ("Intro", [INTROS[lang]])
    before = doc(intro, (heading, [kept, INTROS[lang]]), ("Summary", [dropped]))
    after = doc(intro, (heading, [kept, INTROS[lang]]), ("Summary", []))
    changes = classify(run_diff(before, after), before, after).changes
    clauses = [c for change in changes for c in change.clauses]
    assert clauses and all(c.materiality == "editorial" for c in clauses), [(c.kind, c.reasons) for c in clauses]


# --------------------------------------------------------------------------- topics narrowed


def _topics(lang: str, heading: str, old: str, new: str) -> set[str]:
    return {t for c in judged(lang, heading, old, new) for t in c.topics}


def test_a_heading_that_names_the_policy_gives_no_topic() -> None:
    old = "We may update this text to reflect new features of the app."
    new = "We may update this text from time to time to reflect new features of the app."
    assert "cookies_tracking" not in _topics("en", "Privacy and Cookie Policy", old, new)
    assert "cookies_tracking" not in _topics("en", "ACME PRIVACY AND COOKIE POLICY", old, new)
    changes = _topics(
        "en", "Changes to this Policy", "We may change this policy.", "We may change this policy at any time."
    )
    assert "policy_change" in changes, changes


@pytest.mark.parametrize(
    ("lang", "heading", "old", "new"),
    [
        (
            "fr",
            "Modifications",
            "Nous vous informerons 30 jours avant toute modification importante.",
            "Nous vous informerons 15 jours avant toute modification importante.",
        ),
        (
            "de",
            "Kündigung",
            "Sie können Ihr Abonnement mit einer Frist von 30 Tagen kündigen.",
            "Sie können Ihr Abonnement mit einer Frist von 14 Tagen kündigen.",
        ),
    ],
)
def test_a_bare_duration_is_no_retention_word(lang: str, heading: str, old: str, new: str) -> None:
    assert "data_retention" not in _topics(lang, heading, old, new)


def test_processing_alone_tags_no_collection() -> None:
    topics = _topics(
        "en", "About this text", "We describe the processing below.", "We describe the processing in more detail below."
    )
    assert "first_party_collection" not in topics, topics
