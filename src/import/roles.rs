//! What each column of an imported file means to Fidelio. Roles are chosen by detection, changed
//! by the owner on the Data page or by `--map ROLE=HEADER`, and remembered per header set.

use serde::{Deserialize, Serialize};

/// The meaning of one column.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Not used by any analysis (still shown in the preview).
    #[default]
    Ignore,
    /// When the answer was given (or the order placed).
    Date,
    /// The 0-10 answer to "how likely are you to recommend us".
    Score,
    /// Free text: why the customer gave that score.
    Comment,
    /// The customer's email address.
    Email,
    /// The customer's name.
    Name,
    /// The customer's phone number.
    Phone,
    /// A customer number or code from the shop's own system.
    CustomerId,
    /// Which store or point of sale.
    Store,
    /// Which channel (in store, online, phone...).
    Channel,
    /// Any other category to compare NPS by (product, campaign, ...).
    Segment,
    /// Order, receipt or invoice number.
    OrderId,
    /// The order's total (on every line or only the order's first line).
    OrderTotal,
    /// One line's amount (quantity × price already multiplied).
    LineAmount,
    /// How many pieces a line sold.
    Quantity,
    /// The price of one piece.
    UnitPrice,
    /// What was sold.
    Product,
    /// The product's category or type (what up-sell compares prices within).
    Category,
    /// Order or payment status (paid, voided, refunded...).
    Status,
    /// A review's stars, 1 to 5.
    Rating,
    /// Loyalty points earned.
    PointsEarned,
    /// Loyalty points redeemed.
    PointsRedeemed,
    /// What a customer did (like, share, referral...).
    EventType,
    /// People a post reached.
    Reach,
    /// Likes of a post.
    Likes,
    /// Comments on a post (a count).
    Comments,
    /// Shares of a post.
    Shares,
    /// A post's total interactions.
    Interactions,
    /// A post's type (photo, video...).
    PostType,
}

impl Role {
    /// Every role, in the order the role dropdown lists them.
    pub const ALL: [Role; 29] = [
        Role::Ignore,
        Role::Date,
        Role::Score,
        Role::Comment,
        Role::Email,
        Role::Name,
        Role::Phone,
        Role::CustomerId,
        Role::Store,
        Role::Channel,
        Role::Segment,
        Role::OrderId,
        Role::OrderTotal,
        Role::LineAmount,
        Role::Quantity,
        Role::UnitPrice,
        Role::Product,
        Role::Category,
        Role::Status,
        Role::Rating,
        Role::PointsEarned,
        Role::PointsRedeemed,
        Role::EventType,
        Role::Reach,
        Role::Likes,
        Role::Comments,
        Role::Shares,
        Role::Interactions,
        Role::PostType,
    ];

    /// Roles only an engagement export has.
    pub const ENGAGEMENT_ONLY: [Role; 10] = [
        Role::Rating,
        Role::PointsEarned,
        Role::PointsRedeemed,
        Role::EventType,
        Role::Reach,
        Role::Likes,
        Role::Comments,
        Role::Shares,
        Role::Interactions,
        Role::PostType,
    ];

    /// True for a role only an engagement export has.
    pub fn is_engagement_only(self) -> bool {
        Role::ENGAGEMENT_ONLY.contains(&self)
    }

    /// Roles only an order export has.
    pub const ORDER_ONLY: [Role; 8] = [
        Role::OrderId,
        Role::OrderTotal,
        Role::LineAmount,
        Role::Quantity,
        Role::UnitPrice,
        Role::Product,
        Role::Category,
        Role::Status,
    ];

    /// True for a role only an order export has.
    pub fn is_order_only(self) -> bool {
        Role::ORDER_ONLY.contains(&self)
    }

    /// The roles worth offering for a file of `kind`: a survey has no order numbers, an order
    /// export no 0-10 scores. A role the file already uses is always offered.
    pub fn choices(kind: FileKind, in_use: &[Role]) -> Vec<Role> {
        Role::ALL
            .into_iter()
            .filter(|role| {
                in_use.contains(role)
                    || match kind {
                        FileKind::Orders => {
                            !matches!(role, Role::Score | Role::Comment)
                                && !role.is_engagement_only()
                        }
                        FileKind::Survey => !role.is_order_only() && !role.is_engagement_only(),
                        FileKind::Engagement => !role.is_order_only() && *role != Role::Score,
                        FileKind::Unknown => true,
                    }
            })
            .collect()
    }

    /// The role's name in the CLI and JSON (`score`, `customer_id`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Ignore => "ignore",
            Role::Date => "date",
            Role::Score => "score",
            Role::Comment => "comment",
            Role::Email => "email",
            Role::Name => "name",
            Role::Phone => "phone",
            Role::CustomerId => "customer_id",
            Role::Store => "store",
            Role::Channel => "channel",
            Role::Segment => "segment",
            Role::OrderId => "order_id",
            Role::OrderTotal => "order_total",
            Role::LineAmount => "line_amount",
            Role::Quantity => "quantity",
            Role::UnitPrice => "unit_price",
            Role::Product => "product",
            Role::Category => "category",
            Role::Status => "status",
            Role::Rating => "rating",
            Role::PointsEarned => "points_earned",
            Role::PointsRedeemed => "points_redeemed",
            Role::EventType => "event_type",
            Role::Reach => "reach",
            Role::Likes => "likes",
            Role::Comments => "comments",
            Role::Shares => "shares",
            Role::Interactions => "interactions",
            Role::PostType => "post_type",
        }
    }

    /// Reads a role name as written on the command line (`score`, `customer-id`, ...).
    pub fn parse(text: &str) -> Option<Role> {
        let wanted = text.trim().to_lowercase().replace('-', "_");
        Role::ALL.into_iter().find(|role| role.as_str() == wanted)
    }

    /// Roles that categorise answers, so NPS can be compared between their values.
    pub fn is_category(self) -> bool {
        matches!(self, Role::Store | Role::Channel | Role::Segment)
    }
}

/// What a whole file holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    /// Survey answers with a 0-10 recommendation score.
    Survey,
    /// Orders, receipts or invoice lines.
    Orders,
    /// Reviews, social interactions or loyalty-card data.
    Engagement,
    /// Fidelio could not tell.
    #[default]
    Unknown,
}

impl FileKind {
    /// The kind a role belongs to alone: an order total makes orders, a 0-10 score answers,
    /// stars or points engagement. Roles every kind has (date, email...) say nothing.
    pub fn of_role(role: Role) -> Option<FileKind> {
        if role.is_order_only() {
            Some(FileKind::Orders)
        } else if role.is_engagement_only() {
            Some(FileKind::Engagement)
        } else if role == Role::Score {
            Some(FileKind::Survey)
        } else {
            None
        }
    }

    /// Reads a kind as written after `--kind`: `orders`, `survey`, and for engagement files
    /// `engagement`, `reviews`, `loyalty`, `events` or `social` (the columns then say which).
    pub fn parse(text: &str) -> Option<FileKind> {
        match text.trim().to_lowercase().as_str() {
            "orders" | "order" | "sales" => Some(FileKind::Orders),
            "survey" | "answers" | "nps" => Some(FileKind::Survey),
            "engagement" | "reviews" | "loyalty" | "events" | "social" => {
                Some(FileKind::Engagement)
            }
            _ => None,
        }
    }

    /// The kind's name in the CLI and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            FileKind::Survey => "survey",
            FileKind::Orders => "orders",
            FileKind::Engagement => "engagement",
            FileKind::Unknown => "unknown",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_names_round_trip_and_accept_dashes() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("Customer-ID"), Some(Role::CustomerId));
        assert_eq!(Role::parse("voto"), None);
    }
}
