use super::*;

#[test]
fn pages_split_at_form_feeds_else_at_sections() {
    assert_eq!(split_pages("one\u{c}two\u{c}"), ["one", "two"]);
    assert_eq!(
        split_pages("a\n# B\nb\n## C\nc\n"),
        ["a\n", "# B\nb\n", "## C\nc\n"]
    );
    assert_eq!(split_pages("just text"), ["just text"]);
    assert_eq!(split_pages(""), [""]);
}

fn offprint(first: u32, n: u32, header: bool) -> Vec<String> {
    (0..n)
        .map(|i| {
            let number = first + i;
            let body = format!(
                "Body text of page {i} with words about the alliance in 1953.\nMore lines here.\n"
            );
            if header {
                if i % 2 == 0 {
                    format!("{number} THE JOURNAL OF ASIAN STUDIES\n{body}")
                } else {
                    format!("THE ALLIANCE RECONSIDERED {number}\n{body}")
                }
            } else {
                format!("{body}\n— {number} —\n")
            }
        })
        .collect()
}

#[test]
fn printed_numbers_come_from_running_heads_or_feet_then_the_entry_then_the_file() {
    type Case<'a> = (Vec<String>, Option<&'a str>, Option<u32>, Numbering);
    let cases: [Case; 6] = [
        (offprint(233, 6, true), None, None, Numbering::Running(232)),
        (offprint(17, 5, false), None, None, Numbering::Running(16)),
        // No printed numbers: the entry's range when it has as many pages.
        (
            vec!["a".into(), "b".into(), "c".into()],
            Some("233--235"),
            None,
            Numbering::EntryPages(233),
        ),
        (
            vec!["a".into(), "b".into(), "c".into()],
            Some("233--250"),
            None,
            Numbering::Physical,
        ),
        (
            vec!["a".into(), "b".into()],
            None,
            None,
            Numbering::Physical,
        ),
        // The user's word wins.
        (offprint(233, 6, true), None, Some(10), Numbering::Given(10)),
    ];
    for (pages, entry, first, want) in cases {
        assert_eq!(numbering(&pages, entry, first), want, "{pages:?}");
    }
    // A statistic at a page's edge on a few pages does not outvote the running heads.
    let mut pages = offprint(233, 6, true);
    pages[2].push_str("\n1953\n");
    pages[4].push_str("\n42\n");
    assert_eq!(numbering(&pages, None, None), Numbering::Running(232));
    let a = attachment(
        "k",
        "k.pdf",
        "pdf",
        &offprint(233, 3, true).join("\u{c}"),
        None,
        None,
    );
    assert_eq!(a.range(), "233–235");
    assert_eq!(a.page(234).unwrap().physical, 2);
    assert_eq!(a.numbering, "running headers or footers");
}

#[test]
fn quotations_of_four_words_or_more_are_found_on_their_pages_across_line_breaks() {
    assert_eq!(
        quotations(
            "He called it “a blood alliance forged in war” and “allies”, then \"the most unusual of treaties\"."
        ),
        [
            "a blood alliance forged in war",
            "the most unusual of treaties"
        ]
    );
    let pages = vec![
        Page {
            physical: 1,
            label: "10".into(),
            text: "Nothing here.".into(),
        },
        Page {
            physical: 2,
            label: "11".into(),
            text: "The treaty was, in his words, a blood al-\nliance forged in war, and more"
                .into(),
        },
        Page {
            physical: 3,
            label: "12".into(),
            text: "It began as a\u{c}".into(),
        },
        Page {
            physical: 4,
            label: "13".into(),
            text: "truce and became a pact.".into(),
        },
    ];
    let attachment = Attachment {
        key: "k".into(),
        file: "k.txt".into(),
        kind: "text".into(),
        numbering: "test".into(),
        pages,
    };
    let prepared = Prepared::new(&attachment);
    assert_eq!(prepared.quoting("a Blood Alliance, forged in war"), ["11"]);
    // Over a page break: found on the page where it starts.
    assert_eq!(prepared.quoting("it began as a truce and became"), ["12"]);
    assert!(prepared.quoting("never written anywhere at all").is_empty());
    assert_eq!(comparable("A  “quoted”—text\nhere"), "a quoted text here");
}
