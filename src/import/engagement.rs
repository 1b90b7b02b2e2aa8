//! Engagement exports: reviews, loyalty-card members, event lists and social posts, read into
//! rows the engagement analysis turns into frames. Columns are found by their English and
//! Italian headers; the customer, date and store columns by the roles every file has.

use chrono::NaiveDate;
use polars::prelude::*;

use crate::analysis::engagement as frames;
use crate::import::detect::normalize_header;
use crate::import::orders::customer_key;
use crate::import::problems::{ProblemReason, RowProblem};
use crate::import::roles::Role;
use crate::import::table::{CellRef, HeadedTable, Row};
use crate::import::values::{
    DateOrder, NumberStyle, best_date_order, detect_number_style, is_missing, parse_datetime,
    parse_number, parse_stars,
};
use crate::import::vocabulary::{self, Field};

/// What an engagement file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EngagementLayout {
    /// One row per review: stars 1-5, maybe text, author, store.
    Reviews,
    /// One row per loyalty-card member: card, points earned and redeemed, tier.
    Members,
    /// One row per thing a customer did: like, share, comment, referral...
    Events,
    /// One row per social post: reach, likes, comments, shares.
    Posts,
}

/// Why an engagement file cannot be used at all.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum EngagementError {
    /// None of the four layouts fits the headers.
    #[error(
        "no stars column (reviews), no points or card column (loyalty card), no event type column (events) and no reach or likes columns (posts)"
    )]
    UnknownLayout,
}

impl EngagementError {
    /// The reason in words, in `lang`.
    pub fn message(&self, lang: crate::i18n::Lang) -> String {
        match lang {
            crate::i18n::Lang::En => self.to_string(),
            crate::i18n::Lang::It => "nessuna colonna di stelle (recensioni), di punti o tessera (carta fedeltà), di tipo di evento (eventi) né di copertura o mi piace (post)".to_string(),
        }
    }
}

/// One review.
#[derive(Clone, Debug, PartialEq)]
pub struct Review {
    /// When, if written.
    pub date: Option<NaiveDate>,
    /// Customer key, when the review names an email, number or phone.
    pub customer: Option<String>,
    /// Stars 1-5, in whole or half stars (TripAdvisor's 4,5).
    pub rating: f64,
    /// Store, if written.
    pub store: Option<String>,
    /// What the reviewer wrote.
    pub text: Option<String>,
}

/// One loyalty-card member.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    /// Customer key.
    pub customer: Option<String>,
    /// Member since.
    pub since: Option<NaiveDate>,
    /// Points earned.
    pub points_earned: Option<f64>,
    /// Points redeemed.
    pub points_redeemed: Option<f64>,
    /// Born on, when the file says.
    pub birthday: Option<NaiveDate>,
}

/// One thing a customer did.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// Customer key.
    pub customer: Option<String>,
    /// When.
    pub date: Option<NaiveDate>,
    /// What, lower-case with `_` for spaces (`like`, `sign_up`).
    pub kind: String,
    /// How much, when the list says (points, or a count of likes): the score multiplies the
    /// event's weight by it.
    pub value: Option<f64>,
}

/// One social post.
#[derive(Clone, Debug, PartialEq)]
pub struct Post {
    /// When (the first of the month for exports that give only the month).
    pub date: Option<NaiveDate>,
    /// Photo, video, status, link...
    pub post_type: Option<String>,
    /// People reached.
    pub reach: Option<f64>,
    /// Likes + comments + shares (the export's total when it gives one).
    pub interactions: f64,
    /// True when the export gives only the month: `date` is its first day, not the post's day.
    pub month_only: bool,
}

/// The usable rows of one engagement file.
#[derive(Clone, Debug, PartialEq)]
pub struct EngagementRows {
    /// What the file holds.
    pub layout: EngagementLayout,
    /// Reviews (layout Reviews).
    pub reviews: Vec<Review>,
    /// Members (layout Members).
    pub members: Vec<Member>,
    /// Events (layout Events).
    pub events: Vec<Event>,
    /// Posts (layout Posts).
    pub posts: Vec<Post>,
    /// Posts dated only by a month number, given the year from the file's name.
    pub year_from_name: Option<i32>,
}

impl EngagementRows {
    /// Rows read.
    pub fn len(&self) -> usize {
        self.reviews.len() + self.members.len() + self.events.len() + self.posts.len()
    }

    /// True when no row could be used.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The engagement columns of a file, as indexes into its headers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EngagementColumns {
    /// Review stars.
    pub rating: Option<usize>,
    /// Loyalty points earned.
    pub earned: Option<usize>,
    /// Loyalty points redeemed.
    pub redeemed: Option<usize>,
    /// What a customer did.
    pub event_type: Option<usize>,
    /// People a post reached.
    pub reach: Option<usize>,
    /// Likes of a post.
    pub likes: Option<usize>,
    /// Comments on a post.
    pub comments: Option<usize>,
    /// Shares of a post.
    pub shares: Option<usize>,
    /// A post's total interactions.
    pub interactions: Option<usize>,
    /// A post's type.
    pub post_type: Option<usize>,
}

impl EngagementColumns {
    /// Each column from its role; when the roles name no engagement column at all (roles
    /// saved before these roles existed), from its header.
    pub fn from_roles(roles: &[Role], headers: &[String]) -> EngagementColumns {
        let explicit = roles.iter().any(|r| r.is_engagement_only());
        let normalized: Vec<String> = headers.iter().map(|h| normalize_header(h)).collect();
        let field = |role: Role, words: Field| {
            roles.iter().position(|r| *r == role).or_else(|| {
                (!explicit)
                    .then(|| vocabulary::best_column(words, &normalized, 0..normalized.len()))
                    .flatten()
            })
        };
        EngagementColumns {
            rating: field(Role::Rating, Field::Rating),
            earned: field(Role::PointsEarned, Field::PointsEarned),
            redeemed: field(Role::PointsRedeemed, Field::PointsRedeemed),
            event_type: field(Role::EventType, Field::EventType),
            reach: field(Role::Reach, Field::Reach),
            likes: field(Role::Likes, Field::Likes),
            comments: field(Role::Comments, Field::Comments),
            shares: field(Role::Shares, Field::Shares),
            interactions: field(Role::Interactions, Field::Interactions),
            post_type: field(Role::PostType, Field::PostType),
        }
    }

    /// What a file with these columns holds (`card`: a card-code column), if anything.
    fn layout(&self, card: Option<usize>) -> Option<EngagementLayout> {
        if self.reach.is_some()
            || (self.likes.is_some() && self.shares.is_some())
            || self.interactions.is_some()
        {
            Some(EngagementLayout::Posts)
        } else if card.is_some() || self.earned.is_some() {
            Some(EngagementLayout::Members)
        } else if self.rating.is_some() {
            Some(EngagementLayout::Reviews)
        } else if self.event_type.is_some() {
            Some(EngagementLayout::Events)
        } else {
            None
        }
    }
}

/// `roles` with the engagement columns found by header named by their role, so the Data page
/// shows them and the owner can change them. A column detection took for a comment or a
/// category (Facebook's `comment` count, a post `Type`) is given its engagement role; who,
/// when and where stay as detected.
pub fn with_engagement_roles(roles: &[Role], headers: &[String]) -> Vec<Role> {
    let c = EngagementColumns::from_roles(roles, headers);
    let mut roles = roles.to_vec();
    // Only the columns the file's layout reads: a review's "Comment" is its text, not a count.
    let found: Vec<(Option<usize>, Role)> = match c.layout(None) {
        Some(EngagementLayout::Posts) => vec![
            (c.reach, Role::Reach),
            (c.likes, Role::Likes),
            (c.comments, Role::Comments),
            (c.shares, Role::Shares),
            (c.interactions, Role::Interactions),
            (c.post_type, Role::PostType),
        ],
        Some(EngagementLayout::Members) => vec![
            (c.earned, Role::PointsEarned),
            (c.redeemed, Role::PointsRedeemed),
        ],
        Some(EngagementLayout::Reviews) => vec![(c.rating, Role::Rating)],
        Some(EngagementLayout::Events) => vec![(c.event_type, Role::EventType)],
        None => Vec::new(),
    };
    for (column, role) in found {
        if let Some(slot) = column.and_then(|c| roles.get_mut(c))
            && matches!(
                slot,
                Role::Ignore | Role::Comment | Role::Segment | Role::Name
            )
        {
            *slot = role;
        }
    }
    roles
}

/// Reads `table` as an engagement export. `roles` give the date, customer and store columns;
/// `file_name` may hold the year of exports that date posts by month only
/// (`facebook_posts_2014.csv`).
pub fn validate_engagement(
    table: &HeadedTable,
    roles: &[Role],
    file_name: &str,
) -> Result<(EngagementRows, Vec<RowProblem>), EngagementError> {
    let headers: Vec<String> = table.headers.iter().map(|h| normalize_header(h)).collect();
    let find = |field: Field| vocabulary::best_column(field, &headers, 0..headers.len());
    let role = |role: Role| roles.iter().position(|r| *r == role);
    let columns = EngagementColumns::from_roles(roles, &table.headers);
    let EngagementColumns {
        rating,
        earned,
        redeemed,
        event_type,
        reach,
        likes,
        comments,
        shares,
        interactions,
        post_type,
    } = columns;
    let card = find(Field::Card);
    let layout = columns.layout(card).ok_or(EngagementError::UnknownLayout)?;
    let since = find(Field::MemberSince);
    // A members file's birth dates, read in their own column's date order: never the day
    // they joined, even when detection gave that column the date role.
    let birth = (layout == EngagementLayout::Members)
        .then(|| find(Field::BirthDate))
        .flatten()
        .filter(|c| Some(*c) != since);
    let date_column = match layout {
        EngagementLayout::Members => since.or(role(Role::Date).filter(|c| Some(*c) != birth)),
        _ => role(Role::Date).filter(|c| Some(*c) != since),
    };
    let date_order = date_column.and_then(|c| best_date_order(table.column(c)));
    let numbers: Vec<usize> = [
        earned,
        redeemed,
        reach,
        likes,
        comments,
        shares,
        interactions,
    ]
    .into_iter()
    .flatten()
    .collect();
    let style = detect_number_style(numbers.iter().flat_map(|&c| table.column(c)));
    // Stars are read in their own column's style: Yelp writes 4.0, Trusted Shops 4,00.
    let rating_style = rating.map_or(NumberStyle::DecimalComma, |c| {
        detect_number_style(table.column(c))
    });
    let reader = Reader {
        table,
        date_column,
        date_order,
        style,
    };

    let mut rows = EngagementRows {
        layout,
        reviews: Vec::new(),
        members: Vec::new(),
        events: Vec::new(),
        posts: Vec::new(),
        year_from_name: None,
    };
    let mut problems = Vec::new();
    let (email, id, phone, store) = (
        role(Role::Email),
        role(Role::CustomerId),
        role(Role::Phone),
        role(Role::Store),
    );
    let review_text = role(Role::Comment).or_else(|| find(Field::ReviewText));
    let event_value = (layout == EngagementLayout::Events)
        .then(|| find(Field::EventValue))
        .flatten();
    let post_month = (layout == EngagementLayout::Posts && date_column.is_none())
        .then(|| find(Field::PostMonth))
        .flatten();
    let year = post_month.and_then(|_| year_in_name(file_name));
    let birth_order = birth.and_then(|c| best_date_order(table.column(c)));
    rows.year_from_name = year;
    for (index, row) in table.rows.iter().enumerate() {
        let number = index + 1;
        let cell = |c: Option<usize>| c.and_then(|c| row.get(c)).unwrap_or_default();
        if row.iter().all(is_missing) {
            problems.push(RowProblem::new(number, "", ProblemReason::EmptyRow));
            continue;
        }
        let text = |c: Option<usize>| text_of(cell(c));
        let customer = customer_key(
            text(email).as_deref(),
            text(id).as_deref(),
            text(phone).as_deref(),
        );
        let date = match reader.date(row, number, &mut problems) {
            Ok(date) => date,
            Err(()) => continue,
        };
        match layout {
            EngagementLayout::Reviews => {
                let c = rating.unwrap_or_default();
                let value = cell(rating);
                let stars = parse_stars(value, rating_style)
                    .filter(|n| (n * 2.0).fract() == 0.0 && (1.0..=5.0).contains(n));
                let Some(stars) = stars else {
                    let reason = ProblemReason::NotARating(value.display());
                    problems.push(RowProblem::new(number, &table.headers[c], reason));
                    continue;
                };
                rows.reviews.push(Review {
                    date,
                    customer,
                    rating: stars,
                    store: text(store),
                    text: text(review_text),
                });
            }
            EngagementLayout::Members => {
                let Some(earned_points) = reader.number(row, earned, number, &mut problems) else {
                    continue;
                };
                let Some(redeemed) = reader.number(row, redeemed, number, &mut problems) else {
                    continue;
                };
                let birthday = birth
                    .zip(birth_order)
                    .and_then(|(c, order)| parse_datetime(cell(Some(c)), order))
                    .map(|d| d.date());
                rows.members.push(Member {
                    customer,
                    since: date,
                    points_earned: earned_points,
                    points_redeemed: redeemed,
                    birthday,
                });
            }
            EngagementLayout::Events => {
                let Some(kind) = text(event_type) else {
                    continue;
                };
                let Some(value) = reader.number(row, event_value, number, &mut problems) else {
                    continue;
                };
                rows.events.push(Event {
                    customer,
                    date,
                    kind: event_kind(&kind),
                    value,
                });
            }
            EngagementLayout::Posts => {
                let mut parts = [0.0; 3];
                let mut bad = false;
                for (slot, column) in parts.iter_mut().zip([likes, comments, shares]) {
                    match reader.number(row, column, number, &mut problems) {
                        Some(value) => *slot = value.unwrap_or(0.0),
                        None => bad = true,
                    }
                }
                let total = reader.number(row, interactions, number, &mut problems);
                let reach_value = reader.number(row, reach, number, &mut problems);
                let (Some(total), Some(reach_value), false) = (total, reach_value, bad) else {
                    continue;
                };
                let month_date = post_month.zip(year).and_then(|(c, year)| {
                    let month = parse_number(cell(Some(c)), NumberStyle::DecimalComma)?;
                    NaiveDate::from_ymd_opt(year, month as u32, 1)
                });
                rows.posts.push(Post {
                    date: date.or(month_date),
                    post_type: text(post_type),
                    reach: reach_value,
                    interactions: total.unwrap_or(parts.iter().sum()),
                    month_only: date.is_none() && month_date.is_some(),
                });
            }
        }
    }
    Ok((rows, problems))
}

/// An event type as a weight key: `Sign up` and `sign-up` are `sign_up`, Italian names map to
/// the English ones.
pub fn event_kind(text: &str) -> String {
    let key = normalize_header(text).replace(' ', "_");
    match key.as_str() {
        "mi_piace" | "likes" => "like".to_string(),
        "condivisione" | "shares" => "share".to_string(),
        "commento" | "comments" => "comment".to_string(),
        "recensione" | "reviews" => "review".to_string(),
        "segnalazione" | "passaparola" | "referrals" => "referral".to_string(),
        "iscrizione" | "signup" | "registrazione" => "sign_up".to_string(),
        _ => key,
    }
}

/// A 4-digit year from 1990 to 2099 in a file name, if there is exactly one.
fn year_in_name(name: &str) -> Option<i32> {
    let years: Vec<i32> = name
        .split(|c: char| !c.is_ascii_digit())
        .filter(|part| part.len() == 4)
        .filter_map(|part| part.parse().ok())
        .filter(|year| (1990..2100).contains(year))
        .collect();
    match years.as_slice() {
        [year] => Some(*year),
        _ => None,
    }
}

/// A whole number written with thousands groups of three (`1.250`, `12,480`, `1.204.330`).
fn grouped_whole_number(text: &str) -> Option<f64> {
    let text = text.trim();
    let separator = text.chars().find(|c| *c == '.' || *c == ',')?;
    let mut groups = text.split(separator);
    let first = groups.next()?;
    let rest: Vec<&str> = groups.collect();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let valid = digits(first)
        && first.len() <= 3
        && !rest.is_empty()
        && rest.iter().all(|g| g.len() == 3 && digits(g));
    valid
        .then(|| text.replace(separator, "").parse().ok())
        .flatten()
}

fn text_of(cell: CellRef<'_>) -> Option<String> {
    (!is_missing(cell)).then(|| cell.display().trim().to_string())
}

struct Reader<'a> {
    table: &'a HeadedTable,
    date_column: Option<usize>,
    date_order: Option<DateOrder>,
    style: NumberStyle,
}

impl Reader<'_> {
    /// The row's date: `Ok(None)` when the file has no date column or the cell is blank,
    /// `Err` (with the problem listed) when it cannot be read.
    fn date(
        &self,
        row: Row<'_>,
        number: usize,
        problems: &mut Vec<RowProblem>,
    ) -> Result<Option<NaiveDate>, ()> {
        let Some(c) = self.date_column else {
            return Ok(None);
        };
        let cell = row.get(c).unwrap_or_default();
        if is_missing(cell) {
            return Ok(None);
        }
        match self
            .date_order
            .and_then(|order| parse_datetime(cell, order))
        {
            Some(when) => Ok(Some(when.date())),
            None => {
                let reason = ProblemReason::NotADate {
                    value: cell.display(),
                    expected: self.date_order,
                };
                problems.push(RowProblem::new(number, &self.table.headers[c], reason));
                Err(())
            }
        }
    }

    /// A number cell: `Some(None)` when blank or there is no such column, `None` (with the
    /// problem listed) when it is not a number.
    fn number(
        &self,
        row: Row<'_>,
        column: Option<usize>,
        number: usize,
        problems: &mut Vec<RowProblem>,
    ) -> Option<Option<f64>> {
        let Some(c) = column else {
            return Some(None);
        };
        let cell = row.get(c).unwrap_or_default();
        if is_missing(cell) {
            return Some(None);
        }
        // Reach, likes and points are counts: "1.250" is a thousand two hundred and fifty in
        // any style, even where the column gives no other clue.
        let grouped = match cell {
            CellRef::Text(text) => grouped_whole_number(text),
            _ => None,
        };
        match grouped.or_else(|| parse_number(cell, self.style)) {
            Some(value) => Some(Some(value)),
            None => {
                let reason = ProblemReason::NotAnAmount(cell.display());
                problems.push(RowProblem::new(number, &self.table.headers[c], reason));
                None
            }
        }
    }
}

/// The reviews, members, events and posts of several files as the engagement analysis reads
/// them. Reviews and card sign-ups are also events (`review`, `sign_up`), so the score counts
/// them without a separate event file.
#[derive(Clone, Debug)]
pub struct EngagementFrames {
    /// Columns `date`, `customer`, `rating`, `store`, `text`.
    pub reviews: DataFrame,
    /// Columns `customer`, `date` (member since), `points_earned`, `points_redeemed`.
    pub members: DataFrame,
    /// Columns `customer`, `date`, `event`, `value`.
    pub events: DataFrame,
    /// Columns `date`, `post_type`, `reach`, `interactions`.
    pub posts: DataFrame,
}

/// Builds the frames of [`EngagementFrames`] from every file's rows.
pub fn engagement_frames(files: &[&EngagementRows]) -> PolarsResult<EngagementFrames> {
    let days = |d: &Option<NaiveDate>| d.map(|d| d.to_epoch_days());
    let date_column = |values: Vec<Option<i32>>| -> PolarsResult<Column> {
        Column::new(frames::DATE.into(), values).cast(&DataType::Date)
    };
    let reviews: Vec<&Review> = files.iter().flat_map(|f| &f.reviews).collect();
    let members: Vec<&Member> = files.iter().flat_map(|f| &f.members).collect();
    let posts: Vec<&Post> = files.iter().flat_map(|f| &f.posts).collect();
    type EventRow = (Option<String>, Option<NaiveDate>, String, Option<f64>);
    let mut event_rows: Vec<EventRow> = files
        .iter()
        .flat_map(|f| &f.events)
        .map(|e| (e.customer.clone(), e.date, e.kind.clone(), e.value))
        .collect();
    event_rows.extend(
        reviews
            .iter()
            .map(|r| (r.customer.clone(), r.date, "review".to_string(), None)),
    );
    // A member signed up, and earned and redeemed points; the export dates only the sign-up.
    for m in &members {
        event_rows.push((m.customer.clone(), m.since, "sign_up".to_string(), None));
        for (kind, points) in [
            ("points_earned", m.points_earned),
            ("points_redeemed", m.points_redeemed),
        ] {
            if let Some(points) = points.filter(|p| *p > 0.0) {
                event_rows.push((m.customer.clone(), m.since, kind.to_string(), Some(points)));
            }
        }
    }
    Ok(EngagementFrames {
        reviews: DataFrame::new_infer_height(vec![
            date_column(reviews.iter().map(|r| days(&r.date)).collect())?,
            Column::new(
                frames::CUSTOMER.into(),
                reviews
                    .iter()
                    .map(|r| r.customer.clone())
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                frames::RATING.into(),
                reviews.iter().map(|r| r.rating).collect::<Vec<_>>(),
            ),
            Column::new(
                frames::STORE.into(),
                reviews.iter().map(|r| r.store.clone()).collect::<Vec<_>>(),
            ),
            Column::new(
                frames::TEXT.into(),
                reviews.iter().map(|r| r.text.clone()).collect::<Vec<_>>(),
            ),
        ])?,
        members: DataFrame::new_infer_height(vec![
            Column::new(
                frames::CUSTOMER.into(),
                members
                    .iter()
                    .map(|m| m.customer.clone())
                    .collect::<Vec<_>>(),
            ),
            date_column(members.iter().map(|m| days(&m.since)).collect())?,
            Column::new(
                frames::POINTS_EARNED.into(),
                members.iter().map(|m| m.points_earned).collect::<Vec<_>>(),
            ),
            Column::new(
                frames::POINTS_REDEEMED.into(),
                members
                    .iter()
                    .map(|m| m.points_redeemed)
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                frames::BIRTH_DATE.into(),
                members
                    .iter()
                    .map(|m| days(&m.birthday))
                    .collect::<Vec<_>>(),
            )
            .cast(&DataType::Date)?,
        ])?,
        events: DataFrame::new_infer_height(vec![
            Column::new(
                frames::CUSTOMER.into(),
                event_rows.iter().map(|e| e.0.clone()).collect::<Vec<_>>(),
            ),
            date_column(event_rows.iter().map(|e| days(&e.1)).collect())?,
            Column::new(
                frames::EVENT.into(),
                event_rows.iter().map(|e| e.2.clone()).collect::<Vec<_>>(),
            ),
            Column::new(
                frames::VALUE.into(),
                event_rows.iter().map(|e| e.3).collect::<Vec<_>>(),
            ),
        ])?,
        posts: DataFrame::new_infer_height(vec![
            date_column(posts.iter().map(|p| days(&p.date)).collect())?,
            Column::new(
                frames::POST_TYPE.into(),
                posts
                    .iter()
                    .map(|p| p.post_type.clone())
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                frames::REACH.into(),
                posts.iter().map(|p| p.reach).collect::<Vec<_>>(),
            ),
            Column::new(
                frames::INTERACTIONS.into(),
                posts.iter().map(|p| p.interactions).collect::<Vec<_>>(),
            ),
            Column::new(
                frames::MONTH_ONLY.into(),
                posts.iter().map(|p| p.month_only).collect::<Vec<_>>(),
            ),
        ])?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(
        headers: &[&str],
        roles: &[Role],
        rows: &[&[&str]],
        name: &str,
    ) -> (EngagementRows, Vec<RowProblem>) {
        let table = HeadedTable::from_text_rows(headers, rows);
        validate_engagement(&table, roles, name).unwrap()
    }

    #[test]
    fn reviews_keep_stars_one_to_five_and_list_the_rest() {
        let (rows, problems) = read(
            &["Data", "Autore", "Email", "Stelle", "Recensione"],
            &[
                Role::Date,
                Role::Name,
                Role::Email,
                Role::Ignore,
                Role::Comment,
            ],
            &[
                &["19/11/2026", "Chiara", "", "5", "Ottimo"],
                &["16/11/2026", "Luca", "Luca@X.it", "4", ""],
                &["15/11/2026", "Anna", "", "6", ""],
                &["14/11/2026", "Ugo", "", "", ""],
            ],
            "recensioni.csv",
        );
        assert_eq!(rows.layout, EngagementLayout::Reviews);
        let stars: Vec<f64> = rows.reviews.iter().map(|r| r.rating).collect();
        assert_eq!(stars, [5.0, 4.0]);
        assert_eq!(rows.reviews[1].customer.as_deref(), Some("luca@x.it"));
        assert_eq!(rows.reviews[0].date, NaiveDate::from_ymd_opt(2026, 11, 19));
        assert_eq!(rows.reviews[0].text.as_deref(), Some("Ottimo"));
        assert_eq!(rows.reviews[1].text, None);
        let rows_not_used: Vec<usize> = problems.iter().map(|p| p.row).collect();
        assert_eq!(rows_not_used, [3, 4]);
    }

    #[test]
    fn members_read_points_and_italian_dates() {
        let (rows, problems) = read(
            &[
                "Codice tessera",
                "Email",
                "Iscritto dal",
                "Punti accumulati",
                "Punti utilizzati",
                "Livello",
            ],
            &[
                Role::Ignore,
                Role::Email,
                Role::Date,
                Role::Ignore,
                Role::Ignore,
                Role::Ignore,
            ],
            &[
                &["BF1", "a@x.it", "29/01/2021", "1039", "0", "Oro"],
                &["BF2", "b@x.it", "30/01/2021", "464", "100", "Bronzo"],
                &["BF3", "c@x.it", "31/01/2021", "tanti", "0", "Bronzo"],
            ],
            "tessera.csv",
        );
        assert_eq!(rows.layout, EngagementLayout::Members);
        assert_eq!(rows.members.len(), 2);
        assert_eq!(rows.members[0].points_earned, Some(1039.0));
        assert_eq!(rows.members[1].points_redeemed, Some(100.0));
        assert_eq!(rows.members[0].since, NaiveDate::from_ymd_opt(2021, 1, 29));
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].row, 3);
    }

    #[test]
    fn facebook_posts_take_the_year_from_the_file_name() {
        let (rows, _) = read(
            &[
                "Type",
                "Post Month",
                "Lifetime Post Total Reach",
                "comment",
                "like",
                "share",
                "Total Interactions",
            ],
            &[Role::Ignore; 7],
            &[
                &["Photo", "12", "2752", "4", "79", "17", "100"],
                &["Status", "11", "10460", "5", "130", "29", ""],
            ],
            "facebook_page_posts_2014.csv",
        );
        assert_eq!(rows.layout, EngagementLayout::Posts);
        assert_eq!(rows.posts[0].date, NaiveDate::from_ymd_opt(2014, 12, 1));
        assert!(rows.posts[0].month_only);
        assert_eq!(rows.posts[0].interactions, 100.0);
        // Without a total, interactions are likes + comments + shares.
        assert_eq!(rows.posts[1].interactions, 164.0);
        assert_eq!(rows.posts[1].reach, Some(10460.0));
    }

    #[test]
    fn counts_with_thousands_groups_are_whole_numbers() {
        assert_eq!(grouped_whole_number("1.250"), Some(1250.0));
        assert_eq!(grouped_whole_number("12,480"), Some(12480.0));
        assert_eq!(grouped_whole_number("1.204.330"), Some(1_204_330.0));
        assert_eq!(grouped_whole_number("1.25"), None);
        assert_eq!(grouped_whole_number("1250"), None);
        assert_eq!(grouped_whole_number("1.250,5"), None);
    }

    #[test]
    fn events_name_their_kind_in_english_or_italian() {
        let (rows, problems) = read(
            &["Cliente", "Data", "Tipo evento", "Valore"],
            &[Role::CustomerId, Role::Date, Role::Ignore, Role::Ignore],
            &[
                &["C1", "2026-01-02", "Mi piace", ""],
                &["C2", "2026-01-03", "Sign-up", "2"],
                &["C3", "2026-01-04", "Mi piace", "molti"],
            ],
            "eventi.csv",
        );
        assert_eq!(rows.layout, EngagementLayout::Events);
        let kinds: Vec<&str> = rows.events.iter().map(|e| e.kind.as_str()).collect();
        assert_eq!(kinds, ["like", "sign_up"]);
        assert_eq!(rows.events[0].value, None);
        assert_eq!(rows.events[1].value, Some(2.0));
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].row, 3);
    }
}
