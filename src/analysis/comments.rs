//! What customers talk about: the words and two-word phrases that come up most in the
//! comments of each NPS group, so an owner sees "tempi attesa" at the top of the detractors'
//! list without reading a thousand comments.
//!
//! Rules (also the help text):
//! - text is lower-cased; accents are kept ("perché" and "perche" are different words);
//!   digits and punctuation are dropped; apostrophes split words ("dell'attesa" gives
//!   "dell" + "attesa", and "dell" is a stop word); English "n't" reads as "not";
//! - Italian and English stop words (articles, prepositions simple and articulated,
//!   pronouns, conjunctions, forms of essere/avere/be/have/do, filler adverbs such as
//!   "molto") and one-letter words are dropped;
//! - negations and a few intensifiers ("non", "mai", "senza", "troppo", "poco", "not",
//!   "never", "too", ...) are not counted as words on their own, because "non" alone says
//!   nothing, but they may start a phrase: "non funziona", "troppo caro";
//! - a phrase is two consecutive remaining words of one comment, not across sentence
//!   punctuation (. , ; : ! ? brackets, quotes, dashes, line breaks): in "tempi di attesa"
//!   the phrase is "tempi attesa", in "lento, caro" there is none;
//! - each term counts at most once per comment (how many comments mention it), ties are
//!   sorted A to Z, and a phrase must appear in at least two comments to be listed.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use polars::prelude::*;

use super::nps::{COMMENT, NpsGroup, SCORE, non_blank, text_column};

/// Phrases mentioned in fewer comments than this are noise, not a theme.
pub const MIN_PHRASE_COUNT: u32 = 2;

/// A word or phrase and how many comments mention it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct TermCount {
    /// The word, or two words joined by one space.
    pub term: String,
    /// Comments mentioning the term (each comment counts once).
    pub count: u32,
}

/// The most frequent words and phrases of a set of comments.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct FrequentTerms {
    /// Non-blank comments the counts come from.
    pub comments: u32,
    /// Most mentioned words first; ties A to Z.
    pub words: Vec<TermCount>,
    /// Most mentioned two-word phrases first, each in at least two comments; ties A to Z.
    pub phrases: Vec<TermCount>,
}

/// The `top` most frequent words and phrases of `comments`, by how many comments mention
/// them. Blank comments are skipped.
pub fn frequent_terms<'a>(
    comments: impl IntoIterator<Item = &'a str>,
    top: usize,
) -> FrequentTerms {
    let mut commented = 0u32;
    let mut words: HashMap<String, u32> = HashMap::new();
    let mut phrases: HashMap<String, u32> = HashMap::new();
    for comment in comments {
        if comment.trim().is_empty() {
            continue;
        }
        commented += 1;
        let clauses = clauses(comment);
        let mut seen_words = HashSet::new();
        let mut seen_phrases = HashSet::new();
        for clause in &clauses {
            let kept: Vec<&str> = clause
                .iter()
                .map(String::as_str)
                .filter(|token| token.chars().count() > 1 && !is_stop_word(token))
                .collect();
            for token in &kept {
                if !is_modifier(token) {
                    seen_words.insert(*token);
                }
            }
            for pair in kept.windows(2) {
                // A modifier reads forward ("non funziona"); "servizio non" would be noise.
                if !is_modifier(pair[1]) {
                    seen_phrases.insert(format!("{} {}", pair[0], pair[1]));
                }
            }
        }
        for word in seen_words {
            *words.entry(word.to_owned()).or_default() += 1;
        }
        for phrase in seen_phrases {
            *phrases.entry(phrase).or_default() += 1;
        }
    }
    phrases.retain(|_, count| *count >= MIN_PHRASE_COUNT);
    FrequentTerms {
        comments: commented,
        words: ranked(words, top),
        phrases: ranked(phrases, top),
    }
}

/// Frequent terms of the comments of each group, detractors first; a group without
/// comments has empty lists.
pub fn frequent_terms_by_group(
    responses: &DataFrame,
    top: usize,
) -> PolarsResult<Vec<(NpsGroup, FrequentTerms)>> {
    let scores = responses.column(SCORE)?.i32()?;
    let comments = text_column(responses, COMMENT)?;
    let mut by_group: [Vec<&str>; 3] = Default::default();
    for (score, comment) in scores.iter().zip(comments.iter()) {
        let group = score.and_then(NpsGroup::from_score);
        if let (Some(group), Some(comment)) = (group, non_blank(comment)) {
            by_group[group as usize].push(comment);
        }
    }
    Ok(NpsGroup::ALL
        .into_iter()
        .map(|group| {
            let texts = by_group[group as usize].iter().copied();
            (group, frequent_terms(texts, top))
        })
        .collect())
}

/// Splits a comment into clauses at sentence punctuation, each a list of lower-cased words.
fn clauses(comment: &str) -> Vec<Vec<String>> {
    let mut clauses = Vec::new();
    let mut clause = Vec::new();
    let mut raw_word = String::new();
    for ch in comment.chars().flat_map(char::to_lowercase) {
        if ch.is_alphabetic() {
            raw_word.push(ch);
        } else if is_apostrophe(ch) {
            raw_word.push('\'');
        } else {
            push_words(&raw_word, &mut clause);
            raw_word.clear();
            if is_clause_break(ch) && !clause.is_empty() {
                clauses.push(std::mem::take(&mut clause));
            }
        }
    }
    push_words(&raw_word, &mut clause);
    if !clause.is_empty() {
        clauses.push(clause);
    }
    clauses
}

/// Adds the words of one run of letters and apostrophes: "dell'attesa" -> dell, attesa;
/// "don't" -> not; "piu'" -> piu.
fn push_words(raw_word: &str, clause: &mut Vec<String>) {
    let raw_word = raw_word.trim_matches('\'');
    if raw_word.is_empty() {
        return;
    }
    if raw_word.len() > 3 && raw_word.ends_with("n't") {
        clause.push("not".to_owned());
        return;
    }
    clause.extend(
        raw_word
            .split('\'')
            .filter(|part| !part.is_empty())
            .map(str::to_owned),
    );
}

fn is_apostrophe(ch: char) -> bool {
    matches!(
        ch,
        '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}' | '`' | '\u{00B4}'
    )
}

/// Punctuation that ends a sentence or clause: phrases never span it. Digits, hyphens,
/// slashes and other symbols only separate words.
fn is_clause_break(ch: char) -> bool {
    matches!(
        ch,
        '.' | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '¡'
            | '¿'
            | '…'
            | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '"'
            | '«'
            | '»'
            | '\u{201C}'
            | '\u{201D}'
            | '\u{2013}'
            | '\u{2014}'
            | '\n'
            | '\r'
    )
}

fn ranked(counts: HashMap<String, u32>, top: usize) -> Vec<TermCount> {
    let mut terms: Vec<TermCount> = counts
        .into_iter()
        .map(|(term, count)| TermCount { term, count })
        .collect();
    terms.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.term.cmp(&b.term)));
    terms.truncate(top);
    terms
}

fn is_stop_word(word: &str) -> bool {
    static STOP_WORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
        [
            ITALIAN_STOP_WORDS,
            ENGLISH_STOP_WORDS,
            FRENCH_STOP_WORDS,
            SPANISH_STOP_WORDS,
            GERMAN_STOP_WORDS,
        ]
        .into_iter()
        .flatten()
        .copied()
        .collect()
    });
    STOP_WORDS.contains(word)
}

fn is_modifier(word: &str) -> bool {
    MODIFIERS.contains(&word)
}

/// Negations and intensifiers: meaningless alone, telling at the start of a phrase.
#[rustfmt::skip]
const MODIFIERS: &[&str] = &[
    // Italian
    "non", "no", "né", "mai", "nessun", "nessuno", "nessuna", "niente", "nulla", "senza",
    "troppo", "troppa", "troppi", "troppe", "poco", "poca", "pochi", "poche",
    // English
    "not", "never", "nothing", "nobody", "none", "nor", "without", "too",
    // French, Spanish, German
    "pas", "jamais", "rien", "sans", "trop", "peu",
    "nunca", "nada", "sin", "demasiado",
    "nicht", "kein", "keine", "keinen", "nie", "nichts", "ohne",
];

/// Italian words that carry no topic. One-letter words (e, è, a, i, o, ...) are dropped
/// separately.
#[rustfmt::skip]
const ITALIAN_STOP_WORDS: &[&str] = &[
    // articles and elided forms
    "il", "lo", "la", "gli", "le", "un", "uno", "una", "l", "gl",
    // prepositions
    "di", "da", "in", "con", "su", "per", "tra", "fra",
    // articulated prepositions, with their elided forms
    "del", "dello", "della", "dei", "degli", "delle", "dell",
    "al", "allo", "alla", "ai", "agli", "alle", "all",
    "dal", "dallo", "dalla", "dai", "dagli", "dalle", "dall",
    "nel", "nello", "nella", "nei", "negli", "nelle", "nell",
    "col", "coi", "colla",
    "sul", "sullo", "sulla", "sui", "sugli", "sulle", "sull",
    // personal and reflexive pronouns
    "io", "tu", "lui", "lei", "esso", "essa", "noi", "voi", "loro", "essi", "esse", "me",
    "te", "se", "sé", "ce", "ve", "mi", "ti", "si", "ci", "vi", "ne",
    // possessives
    "mio", "mia", "miei", "mie", "tuo", "tua", "tuoi", "tue", "suo", "sua", "suoi", "sue",
    "nostro", "nostra", "nostri", "nostre", "vostro", "vostra", "vostri", "vostre",
    // demonstratives, relatives, interrogatives
    "questo", "questa", "questi", "queste", "quest", "quello", "quella", "quelli",
    "quelle", "quell", "quel", "quei", "quegli", "ciò", "che", "chi", "cui", "quale",
    "quali", "quanto", "quanta", "quanti", "quante", "cosa", "cos", "dov", "com",
    // conjunctions
    "ed", "od", "ma", "però", "pero", "anche", "perché", "perchè", "perche", "poiché",
    "quindi", "dunque", "come", "quando", "mentre", "dove", "oppure", "neanche", "neppure",
    "nemmeno", "pure", "cioè", "sia", "ossia", "infatti", "inoltre", "invece",
    // essere
    "essere", "sono", "sei", "siamo", "siete", "ero", "eri", "era", "eravamo", "eravate",
    "erano", "fui", "fosti", "fu", "fummo", "foste", "furono", "sarò", "sarai", "sarà",
    "saremo", "sarete", "saranno", "sarei", "saresti", "sarebbe", "saremmo", "sareste",
    "sarebbero", "siate", "siano", "fossi", "fosse", "fossimo", "fossero", "stato",
    "stata", "stati", "state", "essendo",
    // avere
    "avere", "ho", "hai", "ha", "abbiamo", "avete", "hanno", "avevo", "avevi", "aveva",
    "avevamo", "avevate", "avevano", "ebbi", "avesti", "ebbe", "avemmo", "aveste",
    "ebbero", "avrò", "avrai", "avrà", "avremo", "avrete", "avranno", "avrei", "avresti",
    "avrebbe", "avremmo", "avreste", "avrebbero", "abbia", "abbiate", "abbiano", "avessi",
    "avesse", "avessimo", "avessero", "avuto", "avuta", "avuti", "avute", "avendo",
    // stare as an auxiliary
    "sto", "stai", "sta", "stiamo", "stanno", "stava", "stavo", "stavano",
    // filler adverbs and quantifiers
    "molto", "molta", "molti", "molte", "tanto", "tanta", "tanti", "tante", "più", "piu",
    "meno", "già", "gia", "ancora", "sempre", "ora", "adesso", "poi", "qui", "qua", "lì",
    "là", "così", "cosi", "solo", "proprio", "davvero", "veramente", "tutto", "tutta",
    "tutti", "tutte", "altro", "altra", "altri", "altre", "ogni", "po", "ecc", "etc", "sì",
    "ok", "okay",
];

/// English words that carry no topic (a common list, minus the negations in `MODIFIERS`).
#[rustfmt::skip]
const ENGLISH_STOP_WORDS: &[&str] = &[
    // articles, prepositions, conjunctions
    "an", "the", "and", "or", "but", "if", "of", "at", "by", "for", "with", "about",
    "against", "between", "into", "through", "during", "before", "after", "above", "below",
    "to", "from", "up", "down", "on", "off", "over", "under", "out", "as", "than", "so",
    "because", "while", "until",
    // pronouns and determiners
    "me", "my", "myself", "we", "our", "ours", "ourselves", "you", "your", "yours",
    "yourself", "yourselves", "he", "him", "his", "himself", "she", "her", "hers",
    "herself", "it", "its", "itself", "they", "them", "their", "theirs", "themselves",
    "what", "which", "who", "whom", "whose", "this", "that", "these", "those", "all",
    "any", "both", "each", "few", "more", "most", "other", "some", "such", "own", "same",
    // be, have, do and modals
    "am", "is", "are", "was", "were", "be", "been", "being", "have", "has", "had",
    "having", "do", "does", "did", "doing", "can", "could", "will", "would", "shall",
    "should", "may", "might", "must", "ll", "re", "ve",
    // filler adverbs
    "here", "there", "when", "where", "why", "how", "again", "further", "then", "once",
    "only", "very", "just", "now", "also", "really", "quite", "even", "still", "yes",
];

/// French words that carry no topic (elided `l'`, `d'`, `j'`... are one letter and dropped
/// anyway; `qu'` is not).
#[rustfmt::skip]
const FRENCH_STOP_WORDS: &[&str] = &[
    "le", "la", "les", "un", "une", "des", "du", "de", "au", "aux", "et", "ou", "mais",
    "donc", "car", "ni", "que", "qu", "qui", "quoi", "dont", "où", "ce", "cet", "cette",
    "ces", "se", "sa", "ses", "leur", "leurs", "mon", "ma", "mes", "ton", "ta", "tes",
    "notre", "nos", "votre", "vos", "je", "tu", "il", "elle", "on", "nous", "vous", "ils",
    "elles", "lui", "en", "est", "sont", "suis", "es", "êtes", "était", "étaient", "été",
    "être", "avoir", "ai", "avons", "avez", "ont", "avait", "avaient", "eu", "pour", "par",
    "sur", "dans", "avec", "sous", "chez", "vers", "entre", "très", "plus", "moins",
    "aussi", "bien", "tout", "tous", "toute", "toutes", "comme", "quand", "encore", "déjà",
];

/// Spanish words that carry no topic.
#[rustfmt::skip]
const SPANISH_STOP_WORDS: &[&str] = &[
    "el", "la", "los", "las", "un", "una", "unos", "unas", "de", "del", "al", "y", "o",
    "pero", "que", "en", "con", "por", "para", "sobre", "entre", "es", "son", "soy",
    "eres", "somos", "está", "están", "estoy", "estaba", "era", "fue", "ser", "estar",
    "he", "ha", "han", "hay", "tengo", "tiene", "muy", "más", "menos", "también", "ya",
    "lo", "le", "les", "se", "me", "te", "nos", "os", "mi", "mis", "tu", "tus", "su", "sus",
    "nuestro", "nuestra", "este", "esta", "estos", "estas", "ese", "esa", "eso", "esto",
    "como", "cuando", "donde", "porque", "todo", "todos", "toda", "todas",
];

/// German words that carry no topic. Not `hat` or `war` (has, was): a hat is something a
/// shop sells, and so, in English, is nothing else on this list.
#[rustfmt::skip]
const GERMAN_STOP_WORDS: &[&str] = &[
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer",
    "eines", "und", "oder", "aber", "doch", "dass", "daß", "wenn", "weil", "als", "wie",
    "wo", "im", "an", "am", "auf", "aus", "bei", "mit", "nach", "von", "vom", "zum", "zur",
    "für", "über", "unter", "vor", "durch", "gegen", "um", "ist", "sind", "bin", "bist",
    "waren", "sein", "haben", "habe", "hatte", "hatten", "wird", "werden", "wurde", "ich",
    "du", "er", "sie", "es", "wir", "ihr", "mich", "mir", "dich", "dir", "uns", "euch",
    "sich", "mein", "meine", "dein", "deine", "seine", "ihre", "unser", "sehr", "auch",
    "noch", "schon", "nur", "so", "mehr", "zu", "immer", "alles",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_spanish_and_german_stop_words_are_dropped_too() {
        let found = frequent_terms(
            [
                "Le service est très lent et le personnel n'est pas aimable",
                "El servicio es muy lento y la tienda está sucia",
                "Der Service ist sehr langsam und die Verkäuferin ist unfreundlich",
            ],
            20,
        );
        assert_eq!(
            terms(&found.words),
            [
                ("service", 2),
                ("aimable", 1),
                ("langsam", 1),
                ("lent", 1),
                ("lento", 1),
                ("personnel", 1),
                ("servicio", 1),
                ("sucia", 1),
                ("tienda", 1),
                ("unfreundlich", 1),
                ("verkäuferin", 1),
            ]
        );
    }

    fn terms(list: &[TermCount]) -> Vec<(&str, u32)> {
        list.iter().map(|t| (t.term.as_str(), t.count)).collect()
    }

    #[test]
    fn italian_stop_words_and_elisions_are_dropped() {
        let found = frequent_terms(["Il tempo dell'attesa è stato troppo lungo per me"], 10);
        // il, dell, è, stato, per, me are stop words; "troppo" only starts a phrase.
        assert_eq!(
            terms(&found.words),
            [("attesa", 1), ("lungo", 1), ("tempo", 1)]
        );
        assert_eq!(found.comments, 1);
    }

    #[test]
    fn english_stop_words_are_dropped_and_nt_reads_as_not() {
        let found = frequent_terms(
            [
                "The staff didn't answer my emails",
                "Staff don't answer at all",
            ],
            10,
        );
        assert_eq!(
            terms(&found.words),
            [("answer", 2), ("staff", 2), ("emails", 1)]
        );
        // "not answer" in both comments; "answer emails" only once, so not listed.
        assert_eq!(terms(&found.phrases), [("not answer", 2)]);
    }

    #[test]
    fn each_comment_counts_a_term_once_and_ties_sort_alphabetically() {
        let found = frequent_terms(
            [
                "Prezzi alti, prezzi alti, prezzi alti!",
                "prezzi alti",
                "Cortesia",
                "cortesia e PREZZI",
            ],
            10,
        );
        assert_eq!(
            terms(&found.words),
            [("prezzi", 3), ("alti", 2), ("cortesia", 2)]
        );
        assert_eq!(terms(&found.phrases), [("prezzi alti", 2)]);
        assert_eq!(found.comments, 4);
    }

    #[test]
    fn phrases_skip_stop_words_but_not_punctuation() {
        let found = frequent_terms(
            [
                "Tempi di attesa lunghi.",
                "i tempi dell'attesa sono lunghi",
                "Tempi, attesa",
                "Tempi; attesa",
            ],
            10,
        );
        // "tempi attesa" joins across "di" / "dell'" but not across "," or ";".
        assert_eq!(
            terms(&found.phrases),
            [("attesa lunghi", 2), ("tempi attesa", 2)]
        );
    }

    #[test]
    fn negations_start_phrases_but_are_not_words() {
        let found = frequent_terms(
            ["Il wifi non funziona", "wifi NON funziona mai", "Non torno"],
            10,
        );
        assert_eq!(
            terms(&found.words),
            [("funziona", 2), ("wifi", 2), ("torno", 1)]
        );
        // "wifi non" is not a phrase: a negation only reads forward.
        assert_eq!(terms(&found.phrases), [("non funziona", 2)]);
    }

    #[test]
    fn digits_and_accents() {
        let found = frequent_terms(["Attesa di 45 minuti, perché?", "attesa 30 minuti"], 10);
        // Digits vanish without splitting the phrase; "perché" keeps its accent and is a
        // stop word.
        assert_eq!(terms(&found.words), [("attesa", 2), ("minuti", 2)]);
        assert_eq!(terms(&found.phrases), [("attesa minuti", 2)]);
        let accented = frequent_terms(["Qualità ottima", "qualità"], 10);
        assert_eq!(terms(&accented.words), [("qualità", 2), ("ottima", 1)]);
    }

    #[test]
    fn top_limits_each_list_and_blank_comments_are_skipped() {
        let found = frequent_terms(["caffè buono", "caffè cornetto", "  ", "buono"], 1);
        assert_eq!(terms(&found.words), [("buono", 2)]);
        assert!(found.phrases.is_empty());
        assert_eq!(found.comments, 3);
    }

    #[test]
    fn word_lists_are_consistent() {
        for word in ITALIAN_STOP_WORDS
            .iter()
            .chain(ENGLISH_STOP_WORDS)
            .chain(FRENCH_STOP_WORDS)
            .chain(SPANISH_STOP_WORDS)
            .chain(GERMAN_STOP_WORDS)
            .chain(MODIFIERS)
        {
            assert_eq!(*word, word.to_lowercase(), "{word} must be lower-case");
        }
        for modifier in MODIFIERS {
            assert!(
                !is_stop_word(modifier),
                "{modifier} is both a modifier and a stop word"
            );
        }
    }

    #[test]
    fn terms_by_group_split_detractor_and_promoter_comments() {
        let frame = df!(
            SCORE => [2, 3, 10, 9, 8],
            COMMENT => [
                Some("Prezzi alti"),
                Some("prezzi troppo alti"),
                Some("Personale gentile"),
                Some("personale gentile e prezzi giusti"),
                None,
            ],
        )
        .unwrap();
        let groups = frequent_terms_by_group(&frame, 2).unwrap();
        assert_eq!(groups.len(), 3);
        let (group, detractors) = &groups[0];
        assert_eq!(*group, NpsGroup::Detractor);
        assert_eq!(terms(&detractors.words), [("alti", 2), ("prezzi", 2)]);
        // "prezzi alti" and "troppo alti" are each in one comment only.
        assert!(detractors.phrases.is_empty());
        let (group, passives) = &groups[1];
        assert_eq!((*group, passives.comments), (NpsGroup::Passive, 0));
        let (group, promoters) = &groups[2];
        assert_eq!(*group, NpsGroup::Promoter);
        assert_eq!(terms(&promoters.words), [("gentile", 2), ("personale", 2)]);
        assert_eq!(terms(&promoters.phrases), [("personale gentile", 2)]);
    }
}
