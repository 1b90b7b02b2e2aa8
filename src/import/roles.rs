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
}

impl Role {
    /// Every role, in the order the role dropdown lists them.
    pub const ALL: [Role; 11] = [
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
    ];

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
