"""The spaCy engine's rules, one construction per test, on sentences written for these tests."""

import datetime

import pytest

from suggest import extract, pipeline
from suggest.rules import RULES

WEDNESDAY = datetime.date(2023, 10, 18)


def found(text: str, **kwargs) -> list[tuple[str, str, str, str]]:
    return [(s.rule, s.actor, s.stance, s.quote) for s in extract(text, **kwargs)]


def test_every_rule_has_an_id_a_cue_and_a_description():
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    for r in RULES:
        assert r.cue and r.description and 0 < r.confidence <= 1, r.id


def test_quoting_a_source_makes_the_source_the_speaker_and_the_report_the_channel():
    s = extract("Quoting a senior diplomat, a local newspaper said the summit had been postponed.")
    assert [(x.rule, x.actor, x.quote, x.via) for x in s] == [
        ("quoting", "senior diplomat", "the summit had been postponed", "local newspaper")
    ]


def test_quoted_as_saying_gives_the_quotation_to_the_subject_of_the_passive():
    text = "“The levees will hold,” the engineer was quoted as saying by the city's website."
    assert found(text) == [("quoted-as-saying", "the engineer", "asserts", "The levees will hold")]


def test_a_tag_the_parser_hangs_under_its_clause_still_reports_the_clause():
    # "X said Monday it was ..." is often parsed with the reported clause as the head
    text = "Hours after the union said Friday it was ending the strike, the port reopened."
    got = found(text)
    assert [(a, q) for _, a, _, q in got] == [("the union", "it was ending the strike")]


def test_a_title_case_headline_is_read_as_a_statement():
    text = (
        "Valdoria Denies Fuel Shortage In Northern Towns\n\n"
        "The energy ministry said on Monday that depots were full.\n"
    )
    got = found(text)
    assert ("denied", "Valdoria", "denies", "Fuel Shortage In Northern Towns") in got


def test_a_headline_that_says_something_with_a_bare_object():
    text = "Ostrava Says No Deal On Water Rights\n\nTalks ended without an agreement on Friday.\n"
    got = found(text)
    assert [(r, a, st) for r, a, st, _ in got] == [("headline-says", "Ostrava", "denies")]


def test_made_it_clear_that_reports_the_that_clause():
    got = found("Mayor Rosa Tenn made it clear that the budget would not grow.")
    assert got == [("phrasal-say", "Rosa Tenn", "asserts", "the budget would not grow")]


def test_a_speaker_quoted_inside_another_quotation_does_not_take_the_next_paragraph():
    text = (
        "Ana Vidal said: “When the minister said the plant was safe, nobody believed him.”\n\n"
        "“We will keep protesting until the plant closes.”"
    )
    got = found(text)
    assert got[-1] == (
        "quote-previous",
        "Ana Vidal",
        "asserts",
        "We will keep protesting until the plant closes",
    )


def test_a_date_right_after_the_verb_is_when_it_was_said():
    s = extract("Mayor Tom Reyes said on Tuesday the bridge will reopen.", published_on=WEDNESDAY)
    assert [(x.quote, x.said_on, x.said_on_text) for x in s] == [
        ("the bridge will reopen", datetime.date(2023, 10, 17), "on Tuesday")
    ]


def test_a_quotation_that_asserts_then_denies_is_two_passages():
    text = (
        "“We met the inspectors twice. The report that we hid the leak is false,” "
        "plant manager Ivo Sand said."
    )
    got = found(text)
    assert [(a, st) for _, a, st, _ in got] == [("Ivo Sand", "asserts"), ("Ivo Sand", "denies")]
    assert got[0][3] == "We met the inspectors twice."


def test_a_negated_main_clause_denies_but_a_refusal_or_an_intention_does_not():
    assert found("Spokeswoman Lia Berg said the company had not moved any funds.")[0][2] == (
        "denies"
    )
    assert found("Spokeswoman Lia Berg said the company will not move any funds.")[0][2] == (
        "asserts"
    )


def test_never_denies_only_where_the_parse_says_a_claim_is_negated():
    # "never" with a past verb is read from the parse, like "not": the statement's own clause
    assert found("Minister Ana Ruiz said the army never supplied fuel to the rebels.")[0][2] == (
        "denies"
    )
    # what the speaker has seen, and a clause about something else, reject no claim
    assert found("Coach Ida Holm said she had never seen a referee miss so many fouls.")[0][2] == (
        "asserts"
    )
    got = found(
        "“We lost because the referee was awful and I have never watched a worse game,” "
        "coach Ida Holm said."
    )
    assert [st for _, _, st, _ in got] == ["asserts"]


def test_a_refusal_to_comment_is_not_a_statement():
    assert found("Coach Ida Holm said she did not want to comment on the transfer.") == []


def test_a_surname_in_a_paragraph_with_no_reporting_word_is_remembered():
    # the first paragraph has no cue, so it is not parsed; its full name is still noted
    text = (
        "Priya Raman resigned on Tuesday.\n\n"
        "“I did nothing wrong,” Raman said in a video posted online."
    )
    assert [a for _, a, _, _ in found(text)] == ["Priya Raman"]


def test_text_that_is_not_prose_is_not_parsed():
    # digits and symbols with a stray quotation mark: nothing for the parser to read
    assert extract('| 12.5 | 13.1 | "x" | 9,000 | 4.4 | -- | 77 | 1.01 |\n' * 200) == []


def test_a_pipeline_that_is_not_installed_is_named_in_the_error():
    before = pipeline.model_name()
    try:
        pipeline.use_model("no_such_pipeline_package")
        with pytest.raises(pipeline.ModelNotInstalled, match="no_such_pipeline_package"):
            extract("Mayor Tom Reyes said the bridge will reopen.")
    finally:
        pipeline.use_model(before)
    assert found("Mayor Tom Reyes said the bridge will reopen.")


def test_a_headline_that_ends_with_its_source():
    text = "Harbour Will Stay Closed Until Spring: Port Authority\n\nShips were turned away.\n"
    got = found(text)
    assert [(r, q) for r, _, _, q in got] == [
        ("headline-colon", "Harbour Will Stay Closed Until Spring")
    ]
    assert "Port Authority" in got[0][1]


def test_charged_of_is_an_accusation_but_charged_with_is_not():
    got = found("The company was charged by two unions of hiding the accident reports.")
    assert [(r, st) for r, _, st, _ in got] == [("accused", "asserts")]
    assert found("Police charged the driver with dangerous driving on Monday.") == []


def test_a_statement_from_a_body_speaks_for_the_body():
    got = found("A statement from the Interior Ministry said two officers had been suspended.")
    assert got == [("said-that", "Interior Ministry", "asserts", "two officers had been suspended")]


def test_having_done_nothing_wrong_is_a_denial():
    assert found("Lee, 45, insisted he had done nothing wrong.") == [
        ("said-that", "Lee", "denies", "he had done nothing wrong")
    ]


def test_a_group_named_by_its_members_speaks_as_each_member():
    text = (
        "Several unions, including Unite and the GMB, have said the pension offer falls short "
        "of what was promised."
    )
    got = {(a, st, q) for _, a, st, q in found(text)}
    assert got == {
        ("Unite", "asserts", "the pension offer falls short of what was promised"),
        ("GMB", "asserts", "the pension offer falls short of what was promised"),
    }


def test_a_group_without_named_members_speaks_as_the_group():
    got = found("Several unions, including the largest, said the pension offer falls short.")
    assert [a for _, a, _, _ in got] == ["Several unions"]


def test_the_parse_is_thincs_own_when_numpy_does_the_matrix_products():
    """The engine hands thinc's matrix products to NumPy (pipeline.NumpyGemmOps); every other
    operation, and so every token's reading, must be what thinc's own CPU operations give."""
    from thinc.api import NumpyOps

    text = (
        "The harbour authority denied on Tuesday that ships had been turned away, "
        "while two captains told reporters they waited for days off the coast.\n"
        "Minister Ana Ruiz, who visited the port in May, called the reports baseless."
    )
    own = pipeline.load(pipeline.model_name(), NumpyOps())
    engine = pipeline.nlp()
    assert type(engine.get_pipe("parser").model.ops) is pipeline.NumpyGemmOps
    assert type(own.get_pipe("parser").model.ops) is NumpyOps

    def reading(nlp):
        doc = nlp(text)
        tokens = [(t.text, t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_, t.ent_type_) for t in doc]
        return tokens, [(e.text, e.label_) for e in doc.ents]

    assert reading(engine) == reading(own)


def test_the_engine_keeps_blas_to_one_thread_per_process():
    from threadpoolctl import threadpool_info

    pipeline.nlp()
    blas = [p for p in threadpool_info() if p["user_api"] == "blas"]
    assert blas and all(p["num_threads"] == 1 for p in blas)


def test_a_participle_hung_on_the_statement_is_a_second_statement_of_the_speaker():
    # the parser hangs ", stressing that ..." on the first statement's verb, not on "assured"
    got = found(
        "Spokesman Ali Khan assured that there is no shortage, stressing that the depots "
        "confirmed that every pharmacy has its stock."
    )
    assert ("participle", "Ali Khan", "the depots confirmed that every pharmacy has its stock") in {
        (r, a, q) for r, a, _, q in got
    }
    assert ("said-that", "Ali Khan", "there is no shortage") in {(r, a, q) for r, a, _, q in got}


def test_a_passive_verb_joined_to_the_statement_is_part_of_it():
    # "were found" is what the mayor said happened, not a second report by the mayor
    got = found(
        "Mayor Tom Reyes said the bridge was inspected in May but that no cracks were found."
    )
    assert [(r, q) for r, _, _, q in got] == [
        ("said-that", "the bridge was inspected in May but that no cracks were found")
    ]


def test_a_second_that_clause_joined_to_the_reporting_verb_is_a_statement_of_its_own():
    got = found(
        "Her sister Mina Osei said Tuesday she needs medical help, but that she does not "
        "believe she took the money."
    )
    assert [(r, a, st, q) for r, a, st, q in got] == [
        ("said-that", "Mina Osei", "asserts", "she needs medical help"),
        ("second-that-clause", "Mina Osei", "denies", "she does not believe she took the money"),
    ]


@pytest.mark.parametrize("word", ["ludicrous", "preposterous", "laughable", "absurd"])
def test_calling_a_suggestion_ludicrous_denies_it(word):
    got = found(
        f"The bank rejected the report on Monday, saying it was {word} to suggest that "
        "its directors hid the losses."
    )
    assert [(r, st) for r, _, st, _ in got if r == "participle"] == [("participle", "denies")]


def test_a_headline_that_sees_something_as_something_else_is_a_statement():
    text = "Union sees pay offer as insult to nurses\n\nNurses met on Monday in the capital.\n"
    assert [(r, a, st) for r, a, st, _ in found(text)] == [("headline-sees-as", "Union", "asserts")]
    # in the body a view is not a statement: no speech verb
    assert found("The union sees the pay offer as an insult to nurses.") == []


def test_people_named_by_what_they_practise_are_a_group_that_speaks():
    got = found("The dam has drawn fire from conservationists who say it will drain the wetlands.")
    assert [(a, q) for _, a, _, q in got] == [("conservationists", "it will drain the wetlands")]
    # a list of things is not a group of people
    assert found("Checklists say the valves must be closed before the pumps start.") == []


def test_a_quotation_over_several_paragraphs_is_one_statement_per_paragraph():
    text = (
        "Dr Ana Ruiz, who led the dig near Tula, said the bones were older than expected.\n\n"
        "“We were stunned by what we found in the lower layers.\n\n"
        "“The layers tell a story of repeated floods over centuries.\n\n"
        "“Nobody expected the site to be so rich in tools and pottery.\n\n"
        "“We will return next spring with a larger team.”\n\n"
        "The museum will show the finds in June.\n"
    )
    got = found(text)
    assert [(r, a, st) for r, a, st, _ in got] == [("said-that", "Ana Ruiz", "asserts")] + [
        ("quote-previous", "Ana Ruiz", "asserts")
    ] * 4
    assert got[-1][3] == "We will return next spring with a larger team"


def test_the_accuser_of_a_passive_accusation_is_named_without_the_charge():
    got = found("The club was accused by its former coach of faking the accounts.")
    assert [(r, a, q) for r, a, _, q in got] == [
        ("accused", "its former coach", "of faking the accounts")
    ]
