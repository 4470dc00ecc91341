//! The Token Setting Item of a resynchronize (X.225 7.14, 7.15). The RS places each token on
//! the initiator's side or the responder's side (the sides of the session connection, as in
//! CN), or leaves it to the acceptor's choice; the acceptor's user places the tokens left to
//! it in its response; the RA carries the result, and both sides apply it.

use super::api::UsageError;
use super::peer_error::PeerError;
use super::Machine;
use crate::protocol::codec::{TokenPosition, TokenSet, TokenSetting};

/// The tokens whose positions differ between two settings.
fn differing(a: TokenSetting, b: TokenSetting) -> TokenSet {
    a.positions()
        .into_iter()
        .zip(b.positions())
        .filter(|((_, pa), (_, pb))| pa != pb)
        .fold(TokenSet::EMPTY, |set, ((t, _), _)| set | t)
}

impl Machine {
    /// The tokens of the session an RS leaves to the acceptor's choice.
    fn left_to_acceptor(&self, proposed: TokenSetting) -> TokenSet {
        proposed.tokens_at(TokenPosition::ResponderChoice) & self.available_tokens()
    }

    /// An RS request may leave only tokens that exist in the session to the acceptor's
    /// choice (X.225 7.14).
    pub(super) fn check_rs_setting(
        &self,
        request: &'static str,
        setting: TokenSetting,
    ) -> Result<(), UsageError> {
        let absent = setting.tokens_at(TokenPosition::ResponderChoice) - self.available_tokens();
        if absent.is_empty() {
            Ok(())
        } else {
            Err(UsageError::TokenSetting {
                request,
                tokens: absent,
                rule: "only a token that exists in the session may be left to the acceptor's choice (X.225 7.14)",
            })
        }
    }

    /// The setting the RA carries (X.225 7.15): the RS's, with each token it left to this
    /// side's choice placed as the user's response says, or as [`super::Config`] says when
    /// the response does not. A choice left on a token that does not exist means nothing and
    /// is written as the initiator's side, since RA may not carry a choice.
    pub(super) fn answer_rs_setting(
        &self,
        request: &'static str,
        proposed: TokenSetting,
        answer: Option<TokenSetting>,
    ) -> Result<TokenSetting, UsageError> {
        let left = self.left_to_acceptor(proposed);
        let answer = match answer {
            Some(answer) => {
                let unplaced = answer.tokens_at(TokenPosition::ResponderChoice) & left;
                if !unplaced.is_empty() {
                    return Err(UsageError::TokenSetting {
                        request,
                        tokens: unplaced,
                        rule: "the response must place every token the RS left to the acceptor's choice (X.225 7.15)",
                    });
                }
                let moved = differing(proposed, answer) & (self.available_tokens() - left);
                if !moved.is_empty() {
                    return Err(UsageError::TokenSetting {
                        request,
                        tokens: moved,
                        rule: "the RS placed these tokens; the response may place only those left to the acceptor's choice (X.225 7.15)",
                    });
                }
                answer
            }
            None => self.config.token_setting.choices_at(self.own_position()),
        };
        let mut setting = proposed;
        for (token, position) in answer.positions() {
            if left.contains(token) {
                setting = setting.with(token, position);
            }
        }
        Ok(setting.choices_at(TokenPosition::Initiator))
    }

    /// Checks the setting of a received RA against the RS this side sent, and returns the
    /// setting to apply (X.225 7.15): it must place every token the RS left to the
    /// acceptor's choice, and leave every other token of the session where the RS put it.
    pub(super) fn check_ra_setting(
        &self,
        proposed: TokenSetting,
        received: Option<TokenSetting>,
    ) -> Result<TokenSetting, PeerError> {
        let left = self.left_to_acceptor(proposed);
        let Some(setting) = received else {
            if left.is_empty() {
                return Ok(proposed);
            }
            return Err(PeerError::RaTokensUnplaced(left));
        };
        let moved = differing(proposed, setting) & (self.available_tokens() - left);
        if !moved.is_empty() {
            return Err(PeerError::RaTokensMoved(moved));
        }
        Ok(setting)
    }
}
