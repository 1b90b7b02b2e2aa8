//! The Engagement page as data: the engagement score, reviews, the loyalty programme and
//! social posts, each with its headline figures, charts and tables.

use crate::analysis::engagement::{LoyaltySummary, ReviewSummary, SocialSummary};
use crate::analysis::goals::GoalKpi;
use crate::i18n::Lang;
use crate::pages::{Block, Kpi, Page, PageId, engagement_tables};
use crate::workspace::EngagementView;

/// How many customers the score covers, and from how many events.
pub fn scores_subtitle(lang: Lang, view: &EngagementView) -> String {
    format!(
        "{} {} · {} {}",
        lang.count(view.scores.len() as u64),
        lang.t("customers with events", "clienti con eventi"),
        lang.count(view.events as u64),
        lang.t("events", "eventi")
    )
}

/// Reviews: how many, the mean rating, the share with 4 or 5 stars.
pub fn reviews_kpis(lang: Lang, reviews: &ReviewSummary) -> Vec<Kpi> {
    vec![
        Kpi::new(lang.t("Reviews", "Recensioni"), lang.count(reviews.count)),
        Kpi::new(
            lang.t("Mean stars", "Media stelle"),
            lang.number(reviews.mean_rating, 2),
        )
        .of(GoalKpi::MeanRating),
        Kpi::new(
            lang.t("With 4-5 stars", "Con 4-5 stelle"),
            lang.percent(reviews.share_4_5, 1),
        )
        .of(GoalKpi::Share45),
    ]
}

/// The loyalty programme: members, the share of buying customers who are members, points.
pub fn programme_kpis(lang: Lang, loyalty: &LoyaltySummary) -> Vec<Kpi> {
    vec![
        Kpi::new(lang.t("Members", "Iscritti"), lang.count(loyalty.members)),
        Kpi::new(
            lang.t("Membership rate", "Tasso di adesione"),
            loyalty.membership_rate.map_or_else(
                || {
                    lang.t("needs order files", "servono gli ordini")
                        .to_string()
                },
                |rate| lang.percent(rate, 1),
            ),
        )
        .of(GoalKpi::MembershipRate),
        Kpi::new(
            lang.t("Points earned", "Punti accumulati"),
            lang.number(loyalty.points_earned, 0),
        ),
        Kpi::new(
            lang.t("Points redeemed", "Punti utilizzati"),
            lang.number(loyalty.points_redeemed, 0),
        ),
        Kpi::new(
            lang.t("Redemption rate", "Tasso di utilizzo"),
            lang.percent(loyalty.redemption_rate, 1),
        )
        .of(GoalKpi::RedemptionRate),
    ]
}

/// Social posts: how many, their reach, interactions and engagement rate.
pub fn social_kpis(lang: Lang, social: &SocialSummary) -> Vec<Kpi> {
    vec![
        Kpi::new(lang.t("Posts", "Post"), lang.count(social.posts)),
        Kpi::new(lang.t("Reach", "Copertura"), lang.number(social.reach, 0)),
        Kpi::new(
            lang.t("Interactions", "Interazioni"),
            lang.number(social.interactions, 0),
        ),
        Kpi::new(
            lang.t("Engagement rate", "Tasso di coinvolgimento"),
            lang.percent(social.engagement_rate, 2),
        )
        .of(GoalKpi::EngagementRate),
    ]
}

/// The Engagement page of `view`.
pub fn page(lang: Lang, view: &EngagementView) -> Page {
    let subtitle = scores_subtitle(lang, view);
    let mut blocks = Vec::new();
    if let Some(reviews) = &view.reviews {
        blocks.push(Block::Heading(lang.t("Reviews", "Recensioni").to_string()));
        blocks.push(Block::Kpis(reviews_kpis(lang, reviews)));
    }
    if let Some(loyalty) = &view.loyalty {
        blocks.push(Block::Heading(
            lang.t("Loyalty programme", "Programma fedeltà").to_string(),
        ));
        blocks.push(Block::Kpis(programme_kpis(lang, loyalty)));
    }
    if let Some(social) = &view.social {
        blocks.push(Block::Heading(
            lang.t("Social posts", "Post social").to_string(),
        ));
        blocks.push(Block::Kpis(social_kpis(lang, social)));
    }
    blocks.extend(
        crate::charts::engagement::page_charts(lang, view)
            .into_iter()
            .map(Block::Chart),
    );
    blocks.extend(
        engagement_tables::page_tables(lang, view)
            .into_iter()
            .map(Block::Table),
    );
    Page {
        id: PageId::Engagement,
        title: lang.t("Engagement", "Coinvolgimento").to_string(),
        subtitle,
        blocks,
    }
}
