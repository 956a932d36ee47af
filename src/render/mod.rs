//! Turns a [`crate::reply::Reply`] into what a transport sends: Discord interaction-response JSON
//! (valid by construction; every Discord limit is enforced in [`limits`]) or plain terminal text.

pub mod discord;
mod json;
pub mod limits;
pub mod registration;
pub mod text;

/// A `/pledges by:united-kingdom` answer on `page` of `pages`: the paging tests of both renderers.
#[cfg(test)]
fn paged(page: u32, pages: u32) -> crate::reply::Reply {
    use crate::reply::{Paging, Reply, ReplyKind};
    use crate::request::{OptionValue, Request};
    let mut r = Reply::new(ReplyKind::Answer, "Pledges", "list");
    r.paging = Some(Paging {
        page,
        pages,
        request: Request::new("pledges")
            .with("by", OptionValue::String("united-kingdom".into()))
            .with("page", OptionValue::Integer(page.into())),
    });
    r
}
