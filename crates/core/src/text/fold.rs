//! Compatibility and accent folding from a table generated at build time (see `build.rs`).

include!(concat!(env!("OUT_DIR"), "/fold_table.rs"));

/// Combining diacritical marks (U+0300–U+036F) are dropped: a decomposed "é" folds like "é".
fn is_combining_diacritic(c: char) -> bool {
    ('\u{0300}'..='\u{036f}').contains(&c)
}

/// Pushes the folded, lowercased form of `c` onto `out`.
pub(super) fn push_folded(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else if is_combining_diacritic(c) {
    } else if let Ok(at) = FOLD.binary_search_by(|(key, _)| key.cmp(&c)) {
        if let Some((_, folded)) = FOLD.get(at) {
            out.push_str(folded);
        }
    } else {
        out.extend(c.to_lowercase());
    }
}

/// The folded, lowercased form of `text`.
pub(crate) fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        push_folded(c, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn the_table_is_sorted_for_binary_search() {
        assert!(FOLD.windows(2).all(|pair| pair[0].0 < pair[1].0));
    }

    #[test]
    fn accents_ligatures_and_full_width_forms_fold_to_plain_letters() {
        assert_eq!(
            fold("Café ＲＥＴＯＵＲ ﬁne Ñandú"),
            "cafe retour fine nandu"
        );
        assert_eq!(fold("cafe\u{301}"), "cafe");
        assert_eq!(fold("…①"), "...1");
    }

    #[test]
    fn other_scripts_are_only_lowercased() {
        assert_eq!(fold("Где МОЙ заказ 注文"), "где мой заказ 注文");
    }

    #[test]
    fn the_fold_agrees_with_nfkd_for_every_latin_letter_it_covers() {
        for (c, folded) in FOLD {
            let oracle: String = c
                .to_string()
                .nfkd()
                .filter(|d| !unicode_normalization::char::is_combining_mark(*d))
                .flat_map(char::to_lowercase)
                .collect();
            assert_eq!(fold(&oracle), *folded, "{c:?}");
        }
    }
}
