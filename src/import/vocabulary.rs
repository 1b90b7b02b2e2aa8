//! The words shops' tools use, kept as data: one table of header words per field and language
//! (English, Italian, French, Spanish, German), and the words status and type columns write in
//! their cells. Detection and validation ask this table; none of them keeps a word list of its
//! own, so supporting a new tool's wording means adding a line here, not touching logic.
//!
//! A term is matched against a header normalised by [`normalize_header`] (lower case, no
//! accents, camelCase and snake_case split into words: `orderId`, `ORDER-ID` and `Order ID` are
//! all `order id`):
//! - `word word` matches those words side by side anywhere in the header;
//! - `stem*` matches a word starting with `stem` (only as the last word of a term);
//! - `=text` matches only a header that is exactly `text`.
//!
//! A header that equals a term is a stronger match than one that merely contains it, and a
//! longer term is stronger than a shorter one, so "Order ID" beats "Order" for the order number.

/// Something a column (or a cell's text) can say it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// The NPS question: how likely to recommend.
    Recommend,
    /// A column a survey tool derives from the 0-10 answer (NPS group, category).
    DerivedFromScore,
    /// A row number or record id.
    RowId,
    /// A score or rating named as such.
    Score,
    /// Any date or time.
    Date,
    /// A date late in a survey's process (submitted, completed), preferred for answers.
    LateStep,
    /// A date early in a survey's process (started, created).
    EarlyStep,
    /// An email address.
    Email,
    /// Free text: why, comments, suggestions.
    Comment,
    /// A store, branch or point of sale.
    Store,
    /// A channel or source of an answer.
    Channel,
    /// A phone number.
    Phone,
    /// A person's name.
    Name,
    /// A customer number or code.
    CustomerId,
    /// Bookkeeping columns with short labels that are no category to compare by.
    NotCategory,
    /// Words that name a category (product, campaign, department...).
    NamesCategory,
    /// The shop's own account, staff or seller, never the customer.
    Merchant,
    /// An order's sales channel.
    OrderChannel,
    /// An order's source or type, read as its channel.
    OrderSource,
    /// Dates of later steps of an order (paid, shipped, refunded, due): not when it was placed.
    OrderLaterStep,
    /// When an order was placed.
    OrderPlaced,
    /// Order, invoice, receipt or payment number.
    OrderId,
    /// A line's own amount.
    LineAmount,
    /// An order's total, or an amount whose level the data decides.
    Total,
    /// Pieces sold on a line.
    Quantity,
    /// Price of one piece.
    UnitPrice,
    /// Money refunded on an order.
    Refunded,
    /// An order's total after refunds.
    AdjustedTotal,
    /// Order or payment status.
    Status,
    /// When an order was cancelled.
    CancelledAt,
    /// Whether a row is a sale, a refund or a return.
    TransactionType,
    /// When an order was paid.
    PaidAt,
    /// The currency an amount is in (a column of its own, Etsy's "Currency").
    Currency,
    /// A tip for the staff: not the shop's revenue.
    Tip,
    /// One payment's own number, beside the order's.
    PaymentId,
    /// A row type for money moved between the shop's own accounts (cell text).
    TransferEvent,
    /// What was sold.
    Product,
    /// A member's birth date.
    BirthDate,
    /// The category or type of what was sold.
    ProductCategory,
    /// A time of day in its own column.
    Time,
    /// A review's stars.
    Rating,
    /// A review's text.
    ReviewText,
    /// An event's value or count.
    EventValue,
    /// A loyalty card's code.
    Card,
    /// When a loyalty member joined.
    MemberSince,
    /// Loyalty points earned.
    PointsEarned,
    /// Loyalty points redeemed.
    PointsRedeemed,
    /// What a customer did (like, referral...).
    EventType,
    /// People a post reached.
    Reach,
    /// Likes of a post.
    Likes,
    /// Comments on a post, as a count.
    Comments,
    /// Shares of a post.
    Shares,
    /// A post's interactions in all.
    Interactions,
    /// A post's type.
    PostType,
    /// A post's month, without a day.
    PostMonth,
    /// Status words of a voided order (cell text).
    StatusVoided,
    /// Status words of a cancelled order (cell text).
    StatusCancelled,
    /// Status words of a failed or declined payment (cell text).
    StatusFailed,
    /// Status words of an order not paid yet (cell text).
    StatusPending,
    /// Status words of a refunded or returned order (cell text).
    StatusRefunded,
    /// Words that make a refund status partial (cell text).
    StatusPartial,
    /// A row type that gives money back: refund, return, credit note (cell text).
    RefundEvent,
    /// The first word of a totals row under the data (cell text).
    TotalsRow,
}

/// The words of one field in five languages, and words that rule the field out.
#[derive(Debug)]
pub struct Terms {
    /// The field these words name.
    pub field: Field,
    /// English terms.
    pub en: &'static [&'static str],
    /// Italian terms.
    pub it: &'static [&'static str],
    /// French terms.
    pub fr: &'static [&'static str],
    /// Spanish terms.
    pub es: &'static [&'static str],
    /// German terms.
    pub de: &'static [&'static str],
    /// A header matching one of these is not this field, whatever else it says.
    pub not: &'static [&'static str],
}

/// A language of the vocabulary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    /// English.
    En,
    /// Italian.
    It,
    /// French.
    Fr,
    /// Spanish.
    Es,
    /// German.
    De,
}

impl Terms {
    /// The terms in `language`.
    pub fn of(&self, language: Language) -> &'static [&'static str] {
        match language {
            Language::En => self.en,
            Language::It => self.it,
            Language::Fr => self.fr,
            Language::Es => self.es,
            Language::De => self.de,
        }
    }

    /// Every term with its rank: its place in its own language's list, then the language, so
    /// that each language's most specific terms come first and no language outranks another's
    /// main words with its rarer ones.
    fn all(&self) -> impl Iterator<Item = (usize, &'static str)> + '_ {
        [self.en, self.it, self.fr, self.es, self.de]
            .into_iter()
            .enumerate()
            .flat_map(|(language, list)| {
                list.iter()
                    .enumerate()
                    .map(move |(place, term)| (place * 5 + language, *term))
            })
    }
}

const NONE: &[&str] = &[];

/// Every field's words. Order inside a list matters only between terms of the same strength.
pub const VOCABULARY: &[Terms] = &[
    Terms {
        field: Field::Recommend,
        en: &["recommend*", "likely", "net promoter", "nps"],
        it: &[
            "consiglier*",
            "consigliar*",
            "consigli",
            "raccomand*",
            "probabil*",
        ],
        fr: &["recommander*", "recommand*", "probabilite"],
        es: &["recomend*", "probable", "probabilidad"],
        de: &["empfehl*", "weiterempfehl*", "wahrscheinlich*"],
        not: NONE,
    },
    Terms {
        field: Field::DerivedFromScore,
        en: &["group", "groups", "category", "segment", "classification"],
        it: &["gruppo", "categoria", "segmento", "classificazione"],
        fr: &["groupe", "categorie"],
        es: &["grupo", "clasificacion"],
        de: &["gruppe", "kategorie", "klassifizierung"],
        not: NONE,
    },
    Terms {
        field: Field::RowId,
        en: &["id", "#", "n", "no", "nr", "num", "number"],
        it: &["numero", "progressivo"],
        fr: &["numero"],
        es: &["numero"],
        de: &["nummer", "lfd"],
        not: NONE,
    },
    Terms {
        field: Field::Score,
        en: &["score", "rating", "nps points"],
        it: &["voto", "punteggio", "valutazione", "punti nps"],
        fr: &["score nps", "evaluation"],
        es: &["puntuacion", "calificacion", "valoracion"],
        de: &["bewertung", "punktzahl"],
        not: NONE,
    },
    Terms {
        field: Field::Date,
        en: &[
            "=timestamp",
            "date",
            "timestamp",
            "submitted",
            "submit",
            "time",
            "created",
            "completion",
            "when",
        ],
        it: &[
            "data",
            "informazioni cronologiche",
            "ora",
            "giorno",
            "quando",
            "invio",
        ],
        fr: &["date", "horodateur", "heure", "envoye"],
        es: &["fecha", "marca temporal", "hora"],
        de: &["datum", "zeitstempel", "zeit", "uhrzeit", "erstellt"],
        not: NONE,
    },
    Terms {
        field: Field::LateStep,
        en: &["submit*", "complet*", "end", "timestamp"],
        it: &["invio", "fine", "cronologic*"],
        fr: &["envoi*", "fin", "horodateur"],
        es: &["envio", "fin", "marca temporal"],
        de: &["gesendet", "abgeschlossen", "ende", "zeitstempel"],
        not: NONE,
    },
    Terms {
        field: Field::EarlyStep,
        en: &["start*", "creat*"],
        it: &["inizio"],
        fr: &["debut"],
        es: &["inicio"],
        de: &["beginn", "start"],
        not: NONE,
    },
    Terms {
        field: Field::Email,
        en: &["email", "mail", "e mail"],
        it: &["posta"],
        fr: &["courriel"],
        es: &["correo"],
        de: &["e mail adresse"],
        not: NONE,
    },
    Terms {
        field: Field::Comment,
        en: &[
            "comment",
            "comments",
            "why",
            "reason",
            "feedback",
            "suggestions",
            "suggestion",
            "note",
            "notes",
            "improve",
            "improvement",
            "main reason",
            "tell us",
        ],
        it: &[
            "commento",
            "commenti",
            "perche",
            "motivo",
            "motivazione",
            "suggerimenti",
            "suggerimento",
            "osservazioni",
            "migliorare",
            "miglioramento",
            "raccontaci",
            "dicci",
        ],
        fr: &[
            "commentaire",
            "commentaires",
            "pourquoi",
            "raison",
            "remarque",
            "remarques",
            "ameliorer",
        ],
        es: &[
            "comentario",
            "comentarios",
            "por que",
            "porque",
            "razon",
            "sugerencia",
            "sugerencias",
            "mejorar",
        ],
        de: &[
            "kommentar",
            "kommentare",
            "warum",
            "grund",
            "anmerkung",
            "anmerkungen",
            "verbessern",
        ],
        not: NONE,
    },
    Terms {
        field: Field::Store,
        en: &["store", "shop", "location", "branch", "which store"],
        it: &["negozio", "sede", "filiale", "punto vendita"],
        fr: &["magasin", "boutique", "point de vente"],
        es: &["tienda", "sucursal", "punto de venta"],
        de: &["geschaft", "laden", "standort"],
        not: &[
            "credit",
            "redeemed",
            "id",
            "url",
            "latitude",
            "longitude",
            "latitudine",
            "longitudine",
            "coordinates",
            "coordinate",
            "gps",
        ],
    },
    Terms {
        field: Field::Channel,
        en: &["channel", "source", "collector"],
        it: &["canale", "fonte"],
        fr: &["canal"],
        es: &["canal", "origen"],
        de: &["kanal", "quelle"],
        not: &["collector id", "distribution channel"],
    },
    Terms {
        field: Field::Phone,
        en: &["phone", "tel", "mobile", "cell"],
        it: &["telefono", "cellulare"],
        fr: &["telephone", "portable"],
        es: &["movil", "celular"],
        de: &["telefon", "handy", "mobil", "telefonnummer"],
        not: NONE,
    },
    Terms {
        field: Field::Name,
        en: &["name", "first", "customer", "author"],
        it: &["nome", "cliente", "nominativo", "autore"],
        fr: &["nom", "prenom", "client", "auteur"],
        es: &["nombre", "autor"],
        de: &["vorname", "kunde", "autor"],
        not: &[
            "id",
            "codice",
            "code",
            "codigo",
            "comment",
            "comments",
            "message",
            "note",
            "notes",
            "kommentar",
            "commento",
            "commentaire",
            "comentario",
            "point",
            "device",
            "discount",
            "tax",
            "shipping",
            "payment",
            "variant",
            "vendor",
            "coupon",
            "sconto",
            "type",
            "tipo",
            "lineitem",
        ],
    },
    Terms {
        field: Field::CustomerId,
        en: &[
            "=customer",
            "customer id",
            "client id",
            "buyer user id",
            "buyer id",
            "customer number",
            "client number",
            "vat number",
            "tax id",
        ],
        it: &[
            "id cliente",
            "codice cliente",
            "numero cliente",
            "cod cliente",
            "p iva",
            "partita iva",
            "codice fiscale",
        ],
        fr: &[
            "id client",
            "numero client",
            "code client",
            "siret",
            "numero de tva",
        ],
        es: &[
            "numero de cliente",
            "codigo cliente",
            "codigo de cliente",
            "nif",
            "cif",
        ],
        de: &[
            "kundennummer",
            "kunden id",
            "kundennr",
            "kunden nr",
            "ust id",
            "steuernummer",
        ],
        not: NONE,
    },
    Terms {
        field: Field::NotCategory,
        en: &[
            "ip",
            "ip address",
            "last",
            "recipient",
            "status",
            "finished",
            "progress",
            "distribution channel",
            "collector",
            "last page",
            "lastpage",
            "seed",
            "url",
            "link",
            "permalink",
            "language",
            "=lang",
            "response type",
            "external*",
            "reference",
            "surname",
        ],
        it: &["cognome", "lingua"],
        fr: &["langue"],
        es: &["idioma", "apellido"],
        de: &["sprache", "nachname"],
        not: NONE,
    },
    Terms {
        field: Field::NamesCategory,
        en: &[
            "product*",
            "categor*",
            "campaign*",
            "department*",
            "service*",
            "segment*",
            "channel*",
            "type",
        ],
        it: &[
            "prodott*", "campagn*", "reparto", "servizio", "canale", "tipo",
        ],
        fr: &["produit*", "campagne*", "rayon"],
        es: &["producto*", "campana*", "departamento"],
        de: &["produkt*", "kampagne*", "abteilung"],
        not: NONE,
    },
    Terms {
        field: Field::Merchant,
        en: &[
            "account", "merchant", "seller", "staff", "employee", "shop", "store",
        ],
        it: &["venditore", "operatore", "cassiere"],
        fr: &["vendeur", "caissier", "employe"],
        es: &["vendedor", "cajero", "empleado"],
        de: &["verkaufer", "kassierer", "mitarbeiter"],
        not: NONE,
    },
    Terms {
        field: Field::OrderChannel,
        en: &["channel"],
        it: &["canale"],
        fr: &["canal"],
        es: &["canal"],
        de: &["kanal", "verkaufskanal"],
        not: NONE,
    },
    Terms {
        field: Field::OrderSource,
        en: &["=source", "=order type"],
        it: &["=fonte", "=origine"],
        fr: &["=origine"],
        es: &["=origen"],
        de: &["=quelle"],
        not: NONE,
    },
    Terms {
        field: Field::OrderLaterStep,
        en: &[
            "paid",
            "fulfil*",
            "ship*",
            "cancel*",
            "refund*",
            "deposit*",
            "payout*",
            "due",
            "delivery",
            "delivered",
            "updated",
            "modified",
            "posted",
            "birth*",
        ],
        it: &[
            "scadenza",
            "spedi*",
            "consegna*",
            "pagamento",
            "nascita",
            "iscri*",
        ],
        fr: &[
            "livr*",
            "expedi*",
            "paiement",
            "rembours*",
            "annul*",
            "echeance",
            "naissance",
        ],
        es: &[
            "envio",
            "entrega",
            "pago",
            "reembols*",
            "vencimiento",
            "nacimiento",
        ],
        de: &[
            "versand*",
            "liefer*",
            "bezahlt*",
            "zahlung*",
            "storn*",
            "erstatt*",
            "falligkeit",
            "geburt*",
        ],
        not: NONE,
    },
    Terms {
        field: Field::OrderPlaced,
        en: &[
            "=date",
            "created",
            "order date",
            "sale date",
            "invoice date",
            "purchase*",
            "transaction date",
            "payment date",
        ],
        it: &[
            "=data",
            "data documento",
            "data ordine",
            "data vendita",
            "data fattura",
            "data e ora",
            "acquisto",
        ],
        fr: &[
            "date de commande",
            "date commande",
            "date de vente",
            "date facture",
            "date de facture",
        ],
        es: &[
            "=fecha",
            "fecha pedido",
            "fecha de pedido",
            "fecha de venta",
            "fecha factura",
            "fecha de compra",
        ],
        de: &[
            "=datum",
            "bestelldatum",
            "rechnungsdatum",
            "verkaufsdatum",
            "kaufdatum",
        ],
        not: NONE,
    },
    Terms {
        field: Field::OrderId,
        en: &[
            "order id",
            "order number",
            "order #",
            "order no",
            "order",
            "invoice",
            "invoice no",
            "invoice number",
            "transaction id",
            "receipt number",
            "receipt",
            "payment id",
            "charge id",
        ],
        it: &[
            "id ordine",
            "n ordine",
            "numero ordine",
            "ordine",
            "n fattura",
            "numero fattura",
            "fattura",
            "n documento",
            "numero documento",
            "n doc",
            "documento",
            "id transazione",
            "codice transazione",
            "n scontrino",
            "numero scontrino",
            "scontrino",
        ],
        fr: &[
            "numero de commande",
            "n commande",
            "id commande",
            "commande",
            "numero de facture",
            "numero facture",
            "facture",
            "n ticket",
        ],
        es: &[
            "numero de pedido",
            "n pedido",
            "id pedido",
            "pedido",
            "numero de factura",
            "factura",
            "n ticket",
        ],
        de: &[
            "bestellnummer",
            "bestell nr",
            "bestellung",
            "rechnungsnummer",
            "rechnungs nr",
            "belegnummer",
            "beleg nr",
            "beleg",
            "transaktionsnummer",
            "auftragsnummer",
            "transaktionscode",
        ],
        not: &[
            "status", "date", "total", "amount", "type", "note", "notes", "tax", "discount",
            "currency", "source", "channel", "items", "quantity", "count", "refund*", "time",
            "subtotal", "shipping", "value", "net", "data", "totale", "importo", "stato", "tipo",
            "fecha", "datum", "date", "montant", "importe", "betrag",
        ],
    },
    Terms {
        field: Field::LineAmount,
        en: &[
            "line total",
            "lineitem total",
            "item total",
            "line amount",
            "net sales",
            "price gross",
            "gross sales",
            "item price",
        ],
        it: &["totale riga", "importo riga"],
        fr: &["total ligne", "montant ligne"],
        es: &["total linea", "importe linea"],
        de: &["preis brutto", "positionsbetrag", "zeilensumme"],
        not: NONE,
    },
    Terms {
        field: Field::Total,
        en: &[
            "total",
            "order total",
            "order total amount",
            "total collected",
            "total amount",
            "grand total",
            "total price",
            "amount",
            "amount paid",
            "=gross",
        ],
        it: &[
            "totale",
            "totale documento",
            "totale ordine",
            "totale fattura",
            "importo totale",
            "importo",
            "importo ivato",
            "totale ivato",
        ],
        fr: &[
            "montant",
            "total ttc",
            "montant ttc",
            "montant total",
            "total commande",
            "total",
        ],
        es: &["importe", "total pedido", "importe total", "total", "monto"],
        de: &[
            "betrag",
            "gesamtbetrag",
            "gesamtsumme",
            "summe",
            "rechnungsbetrag",
            "bruttobetrag",
            "brutto",
        ],
        not: &[
            "tax",
            "taxes",
            "discount",
            "shipping",
            "refund*",
            "fee",
            "fees",
            "net",
            "adjusted",
            "tip",
            "tips",
            "iva",
            "imposta",
            "sconto",
            "spedizione",
            "rimbors*",
            "commissione",
            "netto",
            "imponibile",
            "tva",
            "remise",
            "livraison",
            "frais",
            "ht",
            "impuesto",
            "descuento",
            "envio",
            "comision",
            "neto",
            "mwst",
            "steuer",
            "rabatt",
            "versand",
            "gebuhr",
            "netto",
            "erstatt*",
            "items",
            "quantity",
            "subtotal",
            "count",
            "shipped",
            "qty",
            "number",
            "exchange",
            "rate",
        ],
    },
    Terms {
        field: Field::Quantity,
        en: &["quantity", "lineitem quantity", "qty", "units", "pieces"],
        it: &["quantita", "qta", "pezzi", "n pezzi"],
        fr: &["quantite", "qte"],
        es: &["cantidad", "cant", "unidades"],
        de: &["menge", "anzahl", "stuck", "stuckzahl"],
        not: NONE,
    },
    Terms {
        field: Field::UnitPrice,
        en: &[
            "unit price",
            "lineitem price",
            "price",
            "item cost",
            "sold for",
            "price per unit",
        ],
        it: &[
            "prezzo unitario",
            "prezzo",
            "prezzo cad",
            "prezzo di vendita",
        ],
        fr: &["prix unitaire", "prix"],
        es: &["precio unitario", "precio"],
        de: &["einzelpreis", "preis", "stuckpreis"],
        not: &[
            "net",
            "gross",
            "netto",
            "brutto",
            "tax",
            "total",
            "compare at",
            "discount",
        ],
    },
    Terms {
        field: Field::Refunded,
        en: &[
            "refunded amount",
            "order refund amount",
            "refund amount",
            "amount refunded",
            "total refunded",
            "refunded",
        ],
        it: &[
            "importo rimborsato",
            "totale rimborsato",
            "rimborsato",
            "rimborso",
        ],
        fr: &["montant rembourse", "rembourse", "remboursement"],
        es: &["importe reembolsado", "reembolsado", "reembolso"],
        de: &["erstatteter betrag", "erstattet", "erstattung"],
        not: NONE,
    },
    Terms {
        field: Field::AdjustedTotal,
        en: &["adjusted order total"],
        it: NONE,
        fr: NONE,
        es: NONE,
        de: NONE,
        not: NONE,
    },
    Terms {
        field: Field::Status,
        en: &[
            "status",
            "financial status",
            "order status",
            "payment status",
            "transaction status",
        ],
        it: &[
            "stato ordine",
            "stato pagamento",
            "stato documento",
            "stato",
        ],
        fr: &["statut", "etat", "statut commande", "etat commande"],
        es: &["estado", "estado del pedido", "estado pago"],
        de: &["status", "zahlungsstatus", "bestellstatus"],
        not: &["fulfillment status", "fulfilment status", "shipping status"],
    },
    Terms {
        field: Field::CancelledAt,
        en: &["cancelled at", "canceled at", "=cancelled", "=canceled"],
        it: &["data annullamento", "annullato il"],
        fr: &["date d annulation", "annule le"],
        es: &["fecha de cancelacion", "cancelado el"],
        de: &["storniert am", "stornodatum"],
        not: NONE,
    },
    Terms {
        field: Field::TransactionType,
        en: &["event type", "transaction type", "document type", "=type"],
        it: &[
            "tipo documento",
            "tipo movimento",
            "tipo operazione",
            "=tipo",
        ],
        fr: &["type de transaction", "type de document", "=type"],
        es: &["tipo de transaccion", "tipo de documento", "=tipo"],
        de: &["=typ", "transaktionstyp", "belegart", "buchungsart"],
        not: NONE,
    },
    Terms {
        field: Field::PaidAt,
        en: &[
            "paid on date",
            "paid on",
            "paid at",
            "date paid",
            "payment date",
        ],
        it: &["data pagamento", "pagato il", "data saldo"],
        fr: &["date de paiement", "paye le"],
        es: &["fecha de pago", "pagado el"],
        de: &["bezahlt am", "zahlungsdatum"],
        not: NONE,
    },
    Terms {
        field: Field::TransferEvent,
        en: &[
            "withdrawal",
            "general withdrawal",
            "transfer to bank",
            "payout",
            "bank deposit",
        ],
        it: &["prelievo", "trasferimento", "giroconto"],
        fr: &["retrait", "virement vers", "versement"],
        es: &["retirada", "retiro", "transferencia a"],
        de: &[
            "abbuchung",
            "allgemeine abbuchung",
            "auszahlung",
            "bankuberweisung",
        ],
        not: NONE,
    },
    Terms {
        field: Field::Tip,
        en: &["tip", "tips", "gratuity", "tip amount"],
        it: &["mancia", "mance"],
        fr: &["pourboire"],
        es: &["propina"],
        de: &["trinkgeld"],
        not: NONE,
    },
    Terms {
        field: Field::PaymentId,
        en: &["payment id", "charge id", "payment number"],
        it: &["id pagamento", "codice pagamento"],
        fr: &["id paiement", "numero de paiement"],
        es: &["id pago", "numero de pago"],
        de: &["zahlungs id", "zahlungsnummer"],
        not: NONE,
    },
    Terms {
        field: Field::Currency,
        en: &["=currency", "=currency code"],
        it: &["=valuta"],
        fr: &["=devise", "=monnaie"],
        es: &["=moneda", "=divisa"],
        de: &["=wahrung"],
        not: NONE,
    },
    Terms {
        field: Field::ProductCategory,
        en: &[
            "category",
            "product category",
            "product type",
            "item category",
            "categories",
            "department",
        ],
        it: &[
            "categoria",
            "categoria prodotto",
            "categoria articolo",
            "tipologia prodotto",
            "tipologia articolo",
            "tipo prodotto",
            "reparto",
        ],
        fr: &["categorie", "type de produit", "rayon"],
        es: &["categoria", "tipo de producto", "departamento"],
        de: &["kategorie", "produktart", "warengruppe"],
        // The category of a customer, an order or a payment is no product's.
        not: &[
            "cliente",
            "clienti",
            "customer",
            "client",
            "ordine",
            "order",
            "documento",
            "document",
            "pagamento",
            "payment",
            "vendita",
            "sale",
            "kunde",
        ],
    },
    Terms {
        field: Field::Product,
        en: &[
            "product",
            "lineitem name",
            "item name",
            "item",
            "product name",
            "products",
            "product s",
            "description",
            "title",
        ],
        it: &["prodotto", "nome prodotto", "articolo", "descrizione"],
        fr: &["produit", "nom du produit", "article", "designation"],
        es: &["producto", "articulo", "descripcion"],
        de: &[
            "produkt",
            "artikel",
            "bezeichnung",
            "beschreibung",
            "artikelname",
        ],
        not: NONE,
    },
    Terms {
        field: Field::Time,
        en: &["=time"],
        it: &["=ora", "=orario"],
        fr: &["=heure"],
        es: &["=hora"],
        de: &["=uhrzeit", "=zeit"],
        not: NONE,
    },
    Terms {
        field: Field::Rating,
        en: &["stars", "rating", "star rating", "review rating", "score"],
        it: &[
            "stelle",
            "valutazione",
            "stelline",
            "voto recensione",
            "voto",
        ],
        fr: &["etoiles", "note", "evaluation"],
        es: &["estrellas", "puntuacion", "valoracion", "calificacion"],
        de: &["sterne", "bewertung", "sternebewertung"],
        not: NONE,
    },
    Terms {
        field: Field::ReviewText,
        en: &[
            "review",
            "text",
            "review text",
            "comment",
            "body",
            "content",
        ],
        it: &["recensione", "testo", "commento"],
        fr: &["avis", "texte", "commentaire"],
        es: &["resena", "texto", "comentario", "opinion"],
        de: &["rezension", "text", "kommentar", "bewertungstext"],
        not: NONE,
    },
    Terms {
        field: Field::EventValue,
        en: &["value", "quantity", "count", "points"],
        it: &["valore", "quantita", "numero", "punti"],
        fr: &["valeur", "quantite", "nombre", "points"],
        es: &["valor", "cantidad", "puntos"],
        de: &["wert", "anzahl", "menge", "punkte"],
        not: NONE,
    },
    Terms {
        field: Field::Card,
        en: &["card", "card code", "card number", "loyalty card"],
        it: &["codice tessera", "tessera", "numero tessera"],
        fr: &["carte", "carte fidelite", "numero de carte"],
        es: &["tarjeta", "numero de tarjeta", "tarjeta de fidelidad"],
        de: &["karte", "kartennummer", "kundenkarte"],
        not: NONE,
    },
    Terms {
        field: Field::BirthDate,
        en: &["birth date", "date of birth", "birthday", "dob", "born"],
        it: &[
            "data di nascita",
            "nato il",
            "nata il",
            "compleanno",
            "data nascita",
        ],
        fr: &["date de naissance", "anniversaire", "ne le"],
        es: &["fecha de nacimiento", "cumpleanos", "nacimiento"],
        de: &["geburtsdatum", "geburtstag", "geboren am"],
        not: NONE,
    },
    Terms {
        field: Field::MemberSince,
        en: &["member since", "joined", "sign up date", "signup date"],
        it: &["iscritto dal", "data iscrizione", "iscrizione"],
        fr: &["membre depuis", "date d inscription", "inscription"],
        es: &["miembro desde", "fecha de alta", "alta"],
        de: &["mitglied seit", "anmeldedatum", "beitritt"],
        not: NONE,
    },
    Terms {
        field: Field::PointsEarned,
        en: &["points earned", "earned points", "points"],
        it: &["punti accumulati", "punti guadagnati", "punti"],
        fr: &["points gagnes", "points cumules"],
        es: &["puntos ganados", "puntos acumulados", "puntos"],
        de: &["gesammelte punkte", "punkte gesammelt", "punkte"],
        not: &[
            "redeemed",
            "utilizzati",
            "usati",
            "spesi",
            "utilises",
            "canjeados",
            "eingelost",
        ],
    },
    Terms {
        field: Field::PointsRedeemed,
        en: &["points redeemed", "redeemed points"],
        it: &["punti utilizzati", "punti usati", "punti spesi"],
        fr: &["points utilises"],
        es: &["puntos canjeados"],
        de: &["eingeloste punkte", "punkte eingelost"],
        not: NONE,
    },
    Terms {
        field: Field::EventType,
        en: &["event", "event type", "action", "activity", "=type"],
        it: &["evento", "tipo evento", "azione", "attivita", "=tipo"],
        fr: &["evenement", "action", "activite"],
        es: &["evento", "accion", "actividad"],
        de: &["ereignis", "aktion", "aktivitat"],
        not: NONE,
    },
    Terms {
        field: Field::Reach,
        en: &[
            "lifetime post total reach",
            "reach",
            "post reach",
            "accounts reached",
        ],
        it: &["copertura", "persone raggiunte", "account raggiunti"],
        fr: &["couverture", "portee"],
        es: &["alcance"],
        de: &["reichweite"],
        not: NONE,
    },
    Terms {
        field: Field::Likes,
        en: &["like", "likes", "reactions"],
        it: &["mi piace", "reazioni"],
        fr: &["j aime", "reactions"],
        es: &["me gusta", "reacciones"],
        de: &["gefallt mir", "reaktionen"],
        not: NONE,
    },
    Terms {
        field: Field::Comments,
        en: &["comment", "comments"],
        it: &["commenti"],
        fr: &["commentaires"],
        es: &["comentarios"],
        de: &["kommentare"],
        not: NONE,
    },
    Terms {
        field: Field::Shares,
        en: &["share", "shares"],
        it: &["condivisioni"],
        fr: &["partages"],
        es: &["compartidos", "veces compartido"],
        de: &["geteilt", "teilungen"],
        not: NONE,
    },
    Terms {
        field: Field::Interactions,
        en: &["total interactions", "interactions", "engagements"],
        it: &["interazioni", "interazioni totali"],
        fr: &["interactions"],
        es: &["interacciones"],
        de: &["interaktionen"],
        not: NONE,
    },
    Terms {
        field: Field::PostType,
        en: &["=type", "post type", "media type"],
        it: &["=tipo", "tipo di post"],
        fr: &["type de publication"],
        es: &["tipo de publicacion"],
        de: &["beitragstyp"],
        not: NONE,
    },
    Terms {
        field: Field::PostMonth,
        en: &["post month", "=month"],
        it: &["=mese"],
        fr: &["=mois"],
        es: &["=mes"],
        de: &["=monat"],
        not: NONE,
    },
    Terms {
        field: Field::StatusVoided,
        en: &["void", "voided", "deleted"],
        it: &["stornato", "stornata", "eliminato", "eliminata"],
        fr: &["annule par le vendeur", "supprime", "supprimee"],
        es: &["anulado", "anulada", "eliminado", "eliminada"],
        de: &["ungultig", "geloscht"],
        not: NONE,
    },
    Terms {
        field: Field::StatusCancelled,
        en: &["cancelled", "canceled", "cancel"],
        it: &[
            "annullato",
            "annullata",
            "annullo",
            "cancellato",
            "cancellata",
        ],
        fr: &["annule", "annulee"],
        es: &["cancelado", "cancelada"],
        de: &["storniert", "abgebrochen"],
        not: NONE,
    },
    Terms {
        field: Field::StatusFailed,
        en: &[
            "failed", "declined", "rejected", "expired", "error", "no show", "denied",
        ],
        it: &[
            "fallito",
            "fallita",
            "rifiutato",
            "rifiutata",
            "respinto",
            "scaduto",
            "errore",
            "non presentato",
            "negato",
        ],
        fr: &[
            "echoue", "echouee", "refuse", "refusee", "expire", "erreur", "rejete",
        ],
        es: &[
            "fallido",
            "fallida",
            "rechazado",
            "rechazada",
            "caducado",
            "error",
            "denegado",
            "denegada",
        ],
        de: &[
            "fehlgeschlagen",
            "abgelehnt",
            "abgelaufen",
            "fehler",
            "nicht erschienen",
            "verweigert",
        ],
        not: NONE,
    },
    Terms {
        field: Field::StatusPending,
        en: &[
            "pending",
            "unpaid",
            "awaiting payment",
            "incomplete",
            "draft",
            "proforma",
            "pro forma",
            "quote",
            "booked",
            "upcoming",
        ],
        it: &[
            "in attesa",
            "non pagato",
            "da pagare",
            "bozza",
            "preventivo",
            "prenotato",
        ],
        fr: &["en attente", "impaye", "brouillon", "devis"],
        es: &[
            "pendiente",
            "no pagado",
            "en espera",
            "borrador",
            "presupuesto",
        ],
        de: &["ausstehend", "unbezahlt", "offen", "entwurf", "angebot"],
        not: NONE,
    },
    Terms {
        field: Field::StatusRefunded,
        en: &["refunded", "returned"],
        it: &["rimborsato", "rimborsata", "reso"],
        fr: &["rembourse", "remboursee", "retourne"],
        es: &["reembolsado", "reembolsada", "devuelto"],
        de: &[
            "erstattet",
            "ruckerstattet",
            "zuruckerstattet",
            "retourniert",
        ],
        not: NONE,
    },
    Terms {
        field: Field::StatusPartial,
        en: &["partially", "partial"],
        it: &["parzialmente", "parziale"],
        fr: &["partiellement", "partiel"],
        es: &["parcialmente", "parcial"],
        de: &["teilweise", "teilerstattet"],
        not: NONE,
    },
    Terms {
        field: Field::RefundEvent,
        en: &[
            "refund*",
            "return*",
            "chargeback*",
            "credit note",
            "credit memo",
        ],
        it: &[
            "rimbors*",
            "reso",
            "resi",
            "nota di credito",
            "nota credito",
        ],
        fr: &["rembours*", "avoir", "retour*"],
        es: &["reembols*", "devolucion*", "nota de credito"],
        de: &[
            "erstatt*",
            "storno",
            "gutschrift*",
            "ruckgabe",
            "ruckzahlung*",
        ],
        not: NONE,
    },
    Terms {
        field: Field::TotalsRow,
        en: &["=total", "=totals", "=subtotal", "=grand total", "total:"],
        it: &["=totale", "=totali", "=subtotale", "=totale generale"],
        fr: &["=total general", "=totaux", "=sous total"],
        es: &["=total general", "=totales", "=subtotal"],
        de: &["=summe", "=gesamt", "=gesamtsumme", "=zwischensumme"],
        not: NONE,
    },
];

/// How strongly a header says it is a field: a header that is exactly a term beats one that
/// contains it, and a longer term beats a shorter one. Compare with `Ord` (stronger is greater).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Strength {
    /// The whole header is the term.
    pub exact: bool,
    /// Words in the term.
    pub words: usize,
    /// Earlier terms in a list win ties (stored reversed so that greater is better).
    rank: std::cmp::Reverse<usize>,
}

/// Lower-cases, removes accents, splits camelCase (`orderId`, `CustomerID`, `unitPrice`) and
/// turns punctuation and underscores into single spaces, so header words match whatever the
/// tool's spelling ("Perché?" -> "perche", "ORDER_ID" -> "order id").
pub fn normalize_header(header: &str) -> String {
    let mut split = String::with_capacity(header.len() + 4);
    let chars: Vec<char> = header.chars().collect();
    for (i, &ch) in chars.iter().enumerate() {
        if i > 0 {
            let before = chars[i - 1];
            let after_is_lower = chars.get(i + 1).is_some_and(|c| c.is_lowercase());
            // orderId -> order Id; IDNumber -> ID Number; but ID and NPS stay whole.
            let camel = ch.is_uppercase()
                && (before.is_lowercase() || (before.is_uppercase() && after_is_lower));
            // score0to10 -> score 0 to 10; address1 -> address 1.
            let digits = (ch.is_ascii_digit() && before.is_alphabetic())
                || (ch.is_alphabetic() && before.is_ascii_digit());
            if camel || digits {
                split.push(' ');
            }
        }
        split.push(ch);
    }
    let mut out = String::with_capacity(split.len());
    let mut last_space = true;
    for ch in crate::text::fold_for_search(&split).chars() {
        if ch.is_alphanumeric() || ch == '#' || ch == '@' {
            out.push(ch);
            last_space = false;
        } else if !last_space {
            out.push(' ');
            last_space = true;
        }
    }
    out.trim_end().to_string()
}

fn terms(field: Field) -> Option<&'static Terms> {
    VOCABULARY.iter().find(|t| t.field == field)
}

/// How `term` matches the words of a normalised header, if it does.
fn term_matches(term: &str, header: &str, words: &[&str]) -> Option<bool> {
    if let Some(whole) = term.strip_prefix('=') {
        return (header == whole).then_some(true);
    }
    if header == term {
        return Some(true);
    }
    let wanted: Vec<&str> = term.split(' ').collect();
    if wanted.len() > words.len() {
        return None;
    }
    let last = wanted.len() - 1;
    let fits = |start: usize| {
        wanted.iter().enumerate().all(|(k, want)| {
            let word = words[start + k];
            match want.strip_suffix('*') {
                Some(stem) if k == last => word.starts_with(stem),
                _ => word == *want,
            }
        })
    };
    (0..=words.len() - wanted.len())
        .any(fits)
        .then_some(words.len() == wanted.len())
}

fn best_match(list: impl Iterator<Item = (usize, &'static str)>, header: &str) -> Option<Strength> {
    let words: Vec<&str> = header.split(' ').filter(|w| !w.is_empty()).collect();
    list.filter_map(|(rank, term)| {
        term_matches(term, header, &words).map(|exact| Strength {
            exact,
            words: term.trim_start_matches('=').split(' ').count(),
            rank: std::cmp::Reverse(rank),
        })
    })
    .max()
}

/// Phrases that say an amount includes tax ("Order Total (inc tax)", "Totale ivato"): the tax
/// they name is part of the total, so it does not rule the column out as one.
const TAX_INCLUDED: &[&str] = &[
    "inc tax",
    "incl tax",
    "including tax",
    "tax included",
    "tax incl",
    "inc vat",
    "incl vat",
    "iva inclusa",
    "iva compresa",
    "con iva",
    "ivato",
    "ivata",
    "ttc",
    "iva incluido",
    "con impuestos",
    "inkl mwst",
    "inkl ust",
];

/// How strongly the normalised `header` names `field`, or `None` when it does not (or when
/// one of the field's ruling-out words is in it).
pub fn strength(field: Field, header: &str) -> Option<Strength> {
    let terms = terms(field)?;
    let mut checked = format!(" {header} ");
    for phrase in TAX_INCLUDED {
        checked = checked.replace(&format!(" {phrase} "), " ");
    }
    if best_match(terms.not.iter().copied().enumerate(), checked.trim()).is_some() {
        return None;
    }
    best_match(terms.all(), header)
}

/// True when the normalised `header` names `field`.
pub fn names(field: Field, header: &str) -> bool {
    strength(field, header).is_some()
}

/// True when a cell's text says `field` (a status word, a refund type...): the text is
/// normalised like a header first.
pub fn says(field: Field, text: &str) -> bool {
    names(field, &normalize_header(text))
}

/// The first term of `field` in `language`, as a header a tool in that language could write:
/// used to rewrite headers in another language and check that detection does not care.
pub fn term_in(field: Field, language: Language) -> Option<&'static str> {
    let list = terms(field)?.of(language);
    list.iter()
        .find(|t| !t.starts_with('=') && !t.ends_with('*'))
        .or_else(|| list.first())
        .map(|t| t.trim_start_matches('=').trim_end_matches('*'))
}

/// The column whose normalised header names `field` most strongly, among `columns`.
pub fn best_column(
    field: Field,
    normalized: &[String],
    columns: impl Iterator<Item = usize>,
) -> Option<usize> {
    columns
        .filter_map(|i| strength(field, &normalized[i]).map(|s| (s, std::cmp::Reverse(i))))
        .max()
        .map(|(_, std::cmp::Reverse(i))| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_snake_kebab_and_spaced_headers_are_the_same_words() {
        for header in ["orderId", "order_id", "ORDER-ID", "Order ID", "OrderID"] {
            assert_eq!(normalize_header(header), "order id", "{header}");
        }
        assert_eq!(normalize_header("CustomerID"), "customer id");
        assert_eq!(normalize_header("unitPrice"), "unit price");
        assert_eq!(normalize_header("InvoiceDate"), "invoice date");
        assert_eq!(normalize_header("Perché?"), "perche");
        assert_eq!(normalize_header("NPS"), "nps");
        assert_eq!(normalize_header("IPAddress"), "ip address");
        assert_eq!(
            normalize_header("onlineShopScore0to10"),
            "online shop score 0 to 10"
        );
    }

    #[test]
    fn exact_headers_beat_headers_that_contain_a_term_and_long_terms_beat_short_ones() {
        let exact = strength(Field::OrderId, "order id").unwrap();
        let inside = strength(Field::OrderId, "shop order id code").unwrap();
        let short = strength(Field::OrderId, "order").unwrap();
        assert!(exact > inside);
        assert!(exact > short);
        assert!(strength(Field::OrderId, "border").is_none());
    }

    #[test]
    fn ruling_out_words_win() {
        assert!(names(Field::Total, "total"));
        assert!(names(Field::Total, "importo eur"));
        assert!(!names(Field::Total, "total tax"));
        assert!(!names(Field::Total, "refund amount"));
        assert!(names(Field::Refunded, "refund amount"));
        assert!(!names(Field::Store, "location latitude"));
    }

    #[test]
    fn stems_match_the_start_of_a_word_and_whole_terms_only_whole_headers() {
        assert!(names(
            Field::Recommend,
            "how likely are you to recommend us"
        ));
        assert!(names(Field::Recommend, "quanto ci consiglieresti"));
        assert!(names(
            Field::Recommend,
            "wie wahrscheinlich ist es dass sie uns weiterempfehlen"
        ));
        assert!(names(Field::Time, "time"));
        assert!(!names(Field::Time, "time of visit"));
    }

    #[test]
    fn every_field_has_english_words_and_cell_words_read_any_language() {
        for terms in VOCABULARY {
            assert!(
                !terms.en.is_empty(),
                "{:?} has no English term",
                terms.field
            );
        }
        assert!(says(Field::StatusCancelled, "Annulée"));
        assert!(says(Field::StatusFailed, "FEHLGESCHLAGEN"));
        assert!(says(Field::StatusPending, "En attente"));
        assert!(says(Field::RefundEvent, "Nota di credito"));
    }
}
