"""Attribution rules, one construction per test, on sentences written for these tests."""

import datetime
from pathlib import Path

import pytest

from suggest import KnownActor, KnownClaim, extract

HERE = Path(__file__).resolve().parent
WEDNESDAY = datetime.date(2023, 10, 18)


def found(text: str, **kwargs) -> list[tuple[str, str, str]]:
    return [(s.actor, s.stance, s.quote) for s in extract(text, **kwargs)]


def one(text: str, **kwargs):
    suggestions = extract(text, **kwargs)
    assert len(suggestions) == 1, [(s.actor, s.quote) for s in suggestions]
    return suggestions[0]


def test_it_reads_said_that_with_title_and_role_stripped():
    s = one(
        "Brazilian Finance Minister Ana Souza said on Monday that inflation would fall below 4 per cent.",
        published_on=WEDNESDAY,
    )
    assert (s.actor, s.actor_role, s.actor_kind) == (
        "Ana Souza",
        "Brazilian Finance Minister",
        "person",
    )
    assert s.quote == "inflation would fall below 4 per cent"
    assert s.stance == "asserts" and s.rule == "said-that"
    assert (s.said_on, s.said_on_text) == (datetime.date(2023, 10, 16), "on Monday")


def test_it_reads_said_without_that():
    s = one("Mayor Tom Reyes said the bridge will reopen in June.")
    assert (s.actor, s.quote) == ("Tom Reyes", "the bridge will reopen in June")


def test_it_reads_a_trailing_speaker_after_a_quote():
    s = one("“We will not give up the fight,” Reyes said.")
    assert (s.actor, s.quote, s.is_direct_quote) == ("Reyes", "We will not give up the fight", True)


def test_it_reads_a_trailing_speaker_after_reported_speech():
    s = one("The plant will close by the end of the year, the company's owner Dana Pike said.")
    assert s.actor == "Dana Pike" and s.quote == "The plant will close by the end of the year"


def test_it_reads_told_reporters():
    s = one("Coach Elena Marsh told reporters that her team had been treated unfairly.")
    assert (s.actor, s.quote) == ("Elena Marsh", "her team had been treated unfairly")


def test_it_does_not_take_the_audience_of_told_as_the_statement():
    s = one("“Our players are exhausted,” Marsh told a news conference in Lyon.")
    assert s.quote == "Our players are exhausted"


def test_it_reads_a_leading_according_to_with_an_appositive():
    s = one(
        "According to Omar Haddad, a spokesperson for the Jordanian foreign ministry, the talks will resume soon."
    )
    assert s.actor == "Omar Haddad" and s.actor_role.startswith("a spokesperson for")
    assert s.quote == "the talks will resume soon"


def test_it_reads_a_trailing_according_to():
    s = one("The shipment left the port on Friday, according to the Xinhua news agency.")
    assert (s.actor, s.actor_kind) == ("Xinhua", "media")
    assert s.quote == "The shipment left the port on Friday"


def test_it_reads_other_reporting_verbs():
    text = (
        "The union announced that members would strike. Analyst Kofi Mensah warned that prices could rise. "
        "The airline confirmed that two flights were cancelled."
    )
    actors = [a for a, _, _ in found(text)]
    assert actors == ["the union", "Kofi Mensah", "the airline"]


def test_it_reads_called_with_a_quoted_judgement():
    s = one(
        "Senator Ruth Okafor on Tuesday called the new border rules “cruel and unworkable”.",
        published_on=WEDNESDAY,
    )
    assert s.actor == "Ruth Okafor" and s.rule == "called" and s.quote.endswith("”")
    assert s.said_on == datetime.date(2023, 10, 17)


def test_it_reads_denial_verbs_as_denies():
    text = (
        "The ministry denied that troops had crossed the border. Lindgren Mining rejected the allegations. "
        "Chief executive Paul Ames dismissed the report as inaccurate."
    )
    assert [stance for _, stance, _ in found(text)] == ["denies", "denies", "denies"]


def test_it_reads_denial_wording_in_the_content():
    for content in (
        "the accusations are groundless",
        "the reports were fabricated",
        "the attack never happened",
        "they don't provide any evidence",
    ):
        assert one(f"Minister Ivo Berg said {content}.").stance == "denies"


def test_it_gives_one_suggestion_per_agent_of_a_passive_denial():
    text = "Claims that the ship carried weapons have been denied by both Iran and Oman."
    assert sorted((a, st) for a, st, _ in found(text)) == [("Iran", "denies"), ("Oman", "denies")]


def test_it_resolves_both_countries_to_the_two_just_mentioned():
    text = (
        "Officials say Serbia sent drones to Belarus last spring. Serbia and Belarus have deepened ties. "
        "Both countries have denied the reports."
    )
    denials = sorted(a for a, st, _ in found(text) if st == "denies")
    assert denials == ["Belarus", "Serbia"]


def test_it_reads_despite_denials_from_two_actors():
    text = "Despite denials from Ecuador and Peru, the border incident has raised alarm."
    assert sorted(a for a, st, _ in found(text) if st == "denies") == ["Ecuador", "Peru"]


def test_it_reads_possessive_claims_that():
    s = one("Analysts questioned Greenfield's claims that its batteries last twenty years.")
    assert (
        s.actor == "Greenfield"
        and s.stance == "asserts"
        and s.quote == "its batteries last twenty years"
    )


def test_a_follow_on_quote_in_the_same_paragraph_is_a_second_statement_by_the_same_speaker():
    text = "Judge Maria Lopez said the case was closed. “There is nothing more to decide.”"
    assert [(actor, quote) for actor, _, quote in found(text)] == [
        ("Maria Lopez", "the case was closed"),
        ("Maria Lopez", "There is nothing more to decide"),
    ]


def test_a_split_quotation_gives_each_stretch_of_quotation_its_own_passage():
    # Each passage is exact quotation: never the speaker tag between two stretches.
    text = "“The roof held,” Tove Lind said. “The walls did not.” Builders disagreed."
    assert [(actor, quote) for actor, _, quote in found(text)] == [
        ("Tove Lind", "The roof held"),
        ("Tove Lind", "The walls did not"),
    ]


def test_a_bare_quote_opening_a_new_paragraph_is_attributed_to_the_previous_speaker():
    text = "Judge Maria Lopez said the case was closed.\n“There is nothing more to decide.”"
    suggestions = extract(text)
    assert [(s.actor, s.rule) for s in suggestions] == [
        ("Maria Lopez", "said-that"),
        ("Maria Lopez", "quote-previous"),
    ]


def test_a_participle_clause_after_the_speaker_tag_is_not_the_statement():
    s = one("“Prices will fall,” Ortega says, tapping the ledger on her desk.")
    assert (s.actor, s.quote) == ("Ortega", "Prices will fall")


def test_a_pronoun_subject_carries_its_referent_to_a_later_quote():
    text = (
        "Harbour Master Petra Quist, 58, took charge of the port. She is not a sailor. "
        "“I count containers, not waves,” she says."
    )
    s = one(text)
    assert s.actor == "Petra Quist" and s.quote == "I count containers, not waves"


def test_a_described_subject_in_present_tense_outranks_an_earlier_speaker():
    text = (
        "Labour Minister Edda Brun took office in May. Mayor Karl Odin said the plan was late. "
        "Pressed on the delay, the labour minister smiles wryly. “Plans are always late,” she says."
    )
    assert ("Edda Brun", "asserts", "Plans are always late") in found(text)


def test_it_attributes_a_bare_quote_to_the_speaker_named_in_the_next_sentence():
    text = "“The figures speak for themselves.” Treasurer Alan Voss said."
    s = one(text)
    assert (s.actor, s.rule, s.quote) == (
        "Alan Voss",
        "quote-next",
        "The figures speak for themselves",
    )


def test_it_resolves_what_they_say_to_the_earlier_subjects():
    text = (
        "Studies by the World Bank and Kenyan economists have recorded what they say are "
        "record levels of youth unemployment."
    )
    assert sorted(a for a, _, _ in found(text)) == ["Kenyan economists", "World Bank"]


def test_it_reads_charged_by_as_assertions_of_the_agents():
    text = "The company has been accused by Norway and Denmark of dumping waste at sea."
    assert sorted((a, st) for a, st, _ in found(text)) == [
        ("Denmark", "asserts"),
        ("Norway", "asserts"),
    ]


def test_it_resolves_it_said_to_the_subject_of_the_sentence():
    s = one(
        "On Monday, the Arctic Monitoring Institute published maps that it said show the ice shrinking.",
        published_on=WEDNESDAY,
    )
    assert (s.actor, s.actor_kind) == ("Arctic Monitoring Institute", "organisation")
    assert s.quote.startswith("show the ice") and s.said_on == datetime.date(2023, 10, 16)


def test_it_records_a_reporting_chain_as_via_not_a_second_speaker():
    s = one("“Nothing was agreed,” Voss said, according to Interfax.")
    assert (s.actor, s.via) == ("Voss", "Interfax")


def test_it_resolves_a_known_actor_through_an_alias():
    known = [KnownActor(7, "Margarethe Vinter", ("Vinter",), "person", "EU commissioner")]
    s = one("Vinter said the fine would stand.", actors=known)
    assert (s.actor, s.actor_id) == ("Margarethe Vinter", 7)


def test_it_resolves_a_later_surname_to_the_full_name():
    text = "Interior Minister Jonas Alm visited the camp. Alm said conditions had improved."
    s = one(text)
    assert s.actor == "Jonas Alm"


def test_it_resolves_a_role_phrase_to_the_person_introduced_with_it():
    text = "Kremlin spokesperson Dmitry Orlov spoke on Friday. The Kremlin spokesperson said the talks had gone well."
    assert one(text).actor == "Dmitry Orlov"


def test_it_resolves_he_to_the_previous_person_speaker():
    text = "Captain Leon Duarte said the crew was safe. He said the engine had failed."
    assert [a for a, _, _ in found(text)] == ["Leon Duarte", "Leon Duarte"]


def test_it_does_not_resolve_it_to_a_person():
    text = "Senator Mia Holt said the vote was close. It said the count would finish today."
    assert [a for a, _, _ in found(text)] == ["Mia Holt"]


def test_it_turns_a_capital_used_as_speaker_into_the_country():
    s = one("Tokyo said the missile landed in its waters.")
    assert (s.actor, s.actor_kind) == ("Japan", "state")


def test_it_guesses_government_and_organisation_kinds():
    text = "The White House said the sanctions would continue. The Global Health Council said vaccines were safe."
    assert [(s.actor, s.actor_kind) for s in extract(text)] == [
        ("White House", "government"),
        ("Global Health Council", "organisation"),
    ]


def test_it_strips_a_demonym_from_an_institution_name():
    s = one("The British Royal Society said the data were reliable.")
    assert s.actor == "Royal Society"


def test_it_matches_a_known_claim():
    claims = [
        KnownClaim(3, "Serbia supplies drones to Belarus"),
        KnownClaim(4, "Belarus hosts nuclear weapons"),
    ]
    s = one("Minister Petra Ilic said Serbia had supplied drones to Belarus.", claims=claims)
    assert (s.claim_id, s.claim) == (3, "Serbia supplies drones to Belarus")


def test_it_proposes_a_plain_claim_when_nothing_matches():
    s = one("Minister Petra Ilic said that the “new road” would open in May.")
    assert (s.claim_id, s.claim) == (None, "The new road would open in May")


def test_it_ignores_non_attributive_said():
    text = "The so-called deal was signed in May. As said before, prices rose. The said agreement expires next year."
    assert extract(text) == []


def test_it_ignores_calling_each_other_names():
    assert extract("Calling each other “brother”, the two leaders shook hands in Minsk.") == []


def test_it_ignores_headlines_and_captions():
    text = (
        "Minister says reforms will work\n\n"
        "A man walks past the ministry in Oslo. Photo: NTB/REUTERS\n"
        "Oslo — The reforms are on track, officials in the capital believe.\n"
    )
    assert extract(text) == []


def test_it_skips_a_body_printed_twice_and_furniture():
    body = (
        "Health Minister Sara Lund said waiting lists had fallen by a third since March.\n"
        "Opposition leader Jon Berg said the figures left out dental care entirely."
    )
    text = f"{body}\n{body}\nRelated Articles\nLund said nothing about dentists, critics say.\n"
    suggestions = extract(text)
    assert [(s.actor, s.start) for s in suggestions] == [
        ("Sara Lund", body.index("waiting")),
        ("Jon Berg", body.index("the figures")),
    ]


def test_a_paragraph_printed_again_is_a_statement_made_again():
    # wire copy that repeats its lead: the annotation guide counts the statement each time
    lead = "Health Minister Sara Lund said waiting lists had fallen by a third since March."
    text = f"{lead}\n\n{lead}\n\nThe figures come from the regional health boards.\n"
    suggestions = extract(text)
    second = len(lead) + 2
    assert [(s.actor, s.start) for s in suggestions] == [
        ("Sara Lund", lead.index("waiting")),
        ("Sara Lund", second + lead.index("waiting")),
    ]


def test_it_keeps_quote_equal_to_the_text_span_on_every_article():
    texts = [p.read_text(encoding="utf-8") for p in sorted((HERE / "tuning").glob("*.txt"))]
    seeds = HERE.parents[2] / "shared" / "seeds"
    texts += [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))]
    total = 0
    for text in texts:
        for s in extract(text):
            assert s.quote == text[s.start : s.end]
            assert 0 <= s.start < s.end <= len(text)
            total += 1
    assert total > 100


def test_it_serialises_every_field():
    data = one(
        "Mayor Tom Reyes said on Tuesday the bridge will reopen.", published_on=WEDNESDAY
    ).as_json()
    assert set(data) == {
        "actor",
        "actor_id",
        "actor_kind",
        "actor_role",
        "stance",
        "quote",
        "start",
        "end",
        "said_on",
        "said_on_text",
        "claim",
        "claim_id",
        "via",
        "is_direct_quote",
        "rule",
        "confidence",
    }
    assert data["said_on"] == "2023-10-17"


# ---------------------------------------------------------------- constructions added for unseen copy


def test_it_reads_said_before_a_lower_case_descriptor_and_name():
    s = one("“The well has been dry since June,” said village elder Amos Kipchumba.")
    assert (s.actor, s.quote, s.is_direct_quote) == (
        "Amos Kipchumba",
        "The well has been dry since June",
        True,
    )


def test_it_reads_a_trailing_speaker_with_a_lower_case_descriptor():
    s = one("“The ferry is our only road,” harbour master Ilse Varga said.")
    assert s.actor == "Ilse Varga" and s.quote == "The ferry is our only road"


def test_a_said_verb_inside_the_content_is_not_a_descriptor():
    s = one(
        "Ruth Amari, an engineer who studied the bridge for a decade, said she had found cracks in two piers."
    )
    assert s.actor == "Ruth Amari" and s.quote.startswith("she had found cracks")


def test_told_reporters_at_a_place_keeps_the_quote_before():
    s = one("“We were offered nothing,” union leader Pavel Dusek told reporters outside the depot.")
    assert (s.actor, s.quote) == ("Pavel Dusek", "We were offered nothing")


def test_a_trailing_speaker_followed_by_where_it_was_said():
    s = one(
        "The mayor had hidden the audit for two years, prosecutors alleged at a hearing on Monday."
    )
    assert s.actor == "prosecutors" and s.quote.startswith("The mayor had hidden the audit")
    s = one(
        "Tax officials said on Monday at a hearing that the audit had been hidden for two years."
    )
    assert s.quote == "the audit had been hidden for two years"


def test_institution_names_keep_of_and_and():
    names = {
        s.actor
        for s in extract(
            "The Department of Fisheries and Oceans said stocks had recovered. "
            "The Ministry of Housing and Urban Planning said rents would be frozen."
        )
    }
    assert names == {"Department of Fisheries and Oceans", "Ministry of Housing and Urban Planning"}


def test_a_plural_possessive_stays_inside_a_name():
    s = one("The Northern Bakers' Federation said flour prices had doubled.")
    assert s.actor == "Northern Bakers' Federation" and s.actor_kind == "organisation"


def test_a_capitalised_institution_name_is_not_a_description():
    s = one("The Charity Regulator said it had opened an inquiry into the fund.")
    assert s.actor == "Charity Regulator"


def test_council_on_keeps_its_complement():
    s = one("The Council on Rural Affairs said the subsidy would end in May.")
    assert s.actor == "Council on Rural Affairs"


def test_researchers_at_an_institution_speak_for_it():
    s = one("Researchers at the Institute of Marine Biology said the reef was recovering.")
    assert s.actor == "Institute of Marine Biology"


def test_a_lower_case_institution_spokesman_speaks_for_the_institution_named_before():
    got = found(
        "The Transit Authority said the line would close for repairs. "
        "An authority spokesman said the closure would last a week."
    )
    assert [a for a, _, _ in got] == ["Transit Authority", "Transit Authority"]


def test_a_spokesman_without_a_matching_institution_is_not_guessed():
    assert found("A council spokesman said the guidance would be reviewed.") == []


def test_which_after_a_name_marks_an_organisation_that_the_company_refers_to():
    got = found(
        "Verano Copper, which runs the smelter, said its emissions were within limits. "
        "The company said it would publish the data."
    )
    assert [(a, st) for a, st, _ in got] == [
        ("Verano Copper", "asserts"),
        ("Verano Copper", "asserts"),
    ]


def test_the_company_does_not_resolve_to_a_group_of_people():
    got = found(
        "Fishermen of the northern coast say the catch has halved. "
        "The company said the plant met every standard."
    )
    assert [a for a, _, _ in got] == ["Fishermen"]


def test_according_to_records_names_nobody():
    assert found("The firm was fined three times, according to court records.") == []
    assert found("Exports fell by a third, according to customs data.") == []


def test_according_to_a_document_by_a_named_author():
    s = one(
        "Rivers in the south are drying, according to a report released on Monday by the Hydrology Institute."
    )
    assert s.actor == "Hydrology Institute"
    s = one(
        "The bank hid its losses, according to a lawsuit filed on Friday by the Pension Regulator."
    )
    assert s.actor == "Pension Regulator"


def test_anonymous_sources_are_speakers_and_are_referred_to_again():
    got = found(
        "The merger talks stalled in May, according to a person familiar with the matter. "
        "The person, who asked not to be named, said both boards had met again in June."
    )
    assert [a for a, _, _ in got] == [
        "person familiar with the matter",
        "person familiar with the matter",
    ]
    s = one("A source in the Belvian delegation told reporters that a deal had been drafted.")
    assert s.actor == "source in the Belvian delegation"


def test_the_person_without_an_introduction_is_nobody():
    assert found("The person said the deal had been drafted.") == []


def test_a_long_group_subject_with_present_tense_say():
    s = one(
        "Fishermen along the coast north of the new terminal say the catch has halved since dredging began."
    )
    assert (s.actor, s.quote) == ("Fishermen", "the catch has halved since dredging began")


def test_a_long_subject_with_a_verb_inside_is_not_a_group_subject():
    assert found("Fishermen who lost their boats in the storm now say nothing.") == []


def test_tests_that_found_nothing_wrong_are_a_denial():
    s = one("Verano Copper said independent tests had found no contamination in the river.")
    assert s.stance == "denies"
    s = one("The office said phone logs showed no calls on the day.")
    assert s.stance == "asserts"


# The annotation guide (eval/GUIDE.md, section 3): a second verb with new content, such as
# "saying ...", is a statement of its own; the denial before it is one too.
def test_rejecting_an_account_then_saying_why_is_a_denial_and_a_second_statement():
    got = found(
        "Lena Brooks rejected that account, saying the auditors had never asked for the files."
    )
    assert got == [
        ("Lena Brooks", "denies", "that account"),
        ("Lena Brooks", "denies", "the auditors had never asked for the files"),
    ]


def test_rejecting_conclusions_then_saying_why_gives_the_reason_its_own_statement():
    got = found("The agency rejected the survey's conclusions, saying they ignored rural clinics.")
    assert got == [
        ("the agency", "denies", "the survey's conclusions"),
        ("the agency", "asserts", "they ignored rural clinics"),
    ]


def test_disputing_that_then_saying_why_is_a_denial_and_an_assertion():
    text = "Ferry operator Nordlys said the crossing was safe. Union leader Mia Sand disputed that, saying the crew was too small."
    got = found(text)
    assert ("Mia Sand", "asserts", "the crew was too small") in got
    assert any(a == "Mia Sand" and st == "denies" for a, st, _ in got)


def test_a_participle_after_an_accusation_takes_its_speaker():
    text = "Senator Ruth Abeyta accused the board of secrecy, adding: “The public deserves to see the minutes.”"
    got = found(text)
    assert any(a == "Ruth Abeyta" and "deserves to see the minutes" in q for a, _, q in got)


def test_a_participle_after_a_sentence_opening_name_with_an_unknown_verb():
    text = "Chief executive Lena Voss struck a defiant note, saying the company would keep every plant open."
    assert ("Lena Voss", "asserts", "the company would keep every plant open") in found(text)


def test_a_participle_without_any_speaker_is_ignored():
    assert (
        found(
            "Rain swept the valley overnight, leaving roads flooded, saying nothing of the damage."
        )
        == []
    )


def test_a_news_agency_reporting_a_statement_only_carries_it():
    suggestions = extract(
        "Foreign Minister Ida Moreau said the border would reopen, state news agency NTA reported."
    )
    assert [(s.actor, s.quote, s.via) for s in suggestions] == [
        ("Ida Moreau", "the border would reopen", "NTA")
    ]


def test_age_and_address_after_a_name():
    s = one("Daniel Oyelaran, 47, of Harbour Street, Portmere, denies three counts of theft.")
    assert (s.actor, s.stance) == ("Daniel Oyelaran", "denies")


def test_a_foreign_ministry_is_not_the_defence_ministry_named_before():
    got = found(
        "Belvia's defence ministry said its ship had acted lawfully. "
        "Belvia's foreign ministry dismissed the footage as misleading."
    )
    assert [a for a, _, _ in got] == ["Belvia's defence ministry", "Belvia's foreign ministry"]


def test_a_nationality_adjective_stays_with_its_institution():
    s = one("The Belvian navy said its patrol boat had been rammed.")
    assert s.actor == "Belvian navy"


@pytest.mark.xfail(
    strict=True,
    reason="Not yet on the spaCy engine: the small parser tags a sentence-initial surname as a common noun and 'last months' as a date, leaving 'cautioned' no clause.",
)
def test_reminded_and_cautioned_report_a_that_clause():
    assert (
        one("Judge Ana Ruiz reminded jurors that the defendant must be presumed innocent.").actor
        == "Ana Ruiz"
    )
    s = one("Ruiz cautioned, however, that the trial could last months.")
    assert s.quote == "the trial could last months"
    assert found("The coach reminded him of his duties.") == []


def test_adding_to_is_not_a_statement():
    got = found(
        "Fuel prices rose again, adding to costs for hauliers, the Freight Association said."
    )
    assert len(got) == 1 and got[0][0] == "Freight Association"


def test_a_multi_word_name_before_spokesman_is_an_organisation():
    s = one("“Our systems were never breached,” a Corvel Analytics spokesman said.")
    assert (s.actor, s.actor_kind, s.stance) == ("Corvel Analytics", "organisation", "denies")


# ---- constructions added for the batch-5 round: each with its negative -------------------------


def test_the_regulator_means_the_public_body_that_spoke_just_before():
    text = (
        "The Office of Rail Safety said on Monday it had opened an inquiry. "
        "“We expect full cooperation,” the regulator said."
    )
    got = found(text)
    assert ("Office of Rail Safety", "asserts", "We expect full cooperation") in got


def test_the_regulator_is_not_a_company_that_spoke_before():
    text = "Carmaker Voltana Motors said its cars were safe. “We are reviewing the data,” the regulator said."
    assert all(a != "Voltana Motors" for a, _, q in found(text) if q.startswith("We are reviewing"))


def test_the_ruling_party_is_the_governing_one_not_the_opposition():
    text = (
        "The opposition Harbour Party accused the governing Union of Progress of buying votes, "
        "a charge the ruling party dismissed as absurd."
    )
    got = found(text)
    assert any(a == "Union of Progress" and st == "denies" for a, st, _ in got)
    assert not any(a == "Harbour Party" and st == "denies" for a, st, _ in got)


def test_an_allegation_denied_by_two_agents_cuts_the_accusation_and_gives_two_denials():
    text = (
        "The Farmers League accused the ministry of hiding the report, an allegation denied by the ministry "
        "and by the Water Board."
    )
    got = found(text)
    accusation = [q for a, st, q in got if a == "Farmers League"]
    assert accusation == ["the ministry of hiding the report"]
    assert {a for a, st, _ in got if st == "denies"} >= {"Water Board"}


def test_accused_of_takes_the_charge_not_a_relative_clause_after_it():
    s = one("Councillor Ann Reid accused the agency of burying a survey that showed rising damp.")
    assert s.quote.startswith("the agency of burying a survey")


def test_two_named_parties_both_accusing():
    text = "The Green Party and the smaller Farmers Union both accused the mayor of lying."
    assert {a for a, _, _ in found(text)} == {"Green Party", "Farmers Union"}


def test_declining_to_comment_is_not_a_statement_but_the_speaker_is_remembered():
    text = "Coach Ivo Lang said he did not want to comment on the inquiry. “We just play football,” he said."
    assert found(text) == [("Ivo Lang", "asserts", "We just play football")]


def test_asked_closing_a_quoted_question():
    s = one("“Where are the buses supposed to park?” driver Nell Otto asked.")
    assert (s.actor, s.quote) == ("Nell Otto", "Where are the buses supposed to park?")


def test_asked_with_an_object_is_not_a_statement():
    assert found("Mayor Joan Ruiz asked the council to approve the budget.") == []


def test_urged_is_a_statement_and_a_coordinated_urged_is_a_second_one():
    got = found("Police chief Omar Idris urged drivers to “stay off the roads tonight.”")
    assert got and got[0][0] == "Omar Idris"
    got = found(
        "Minister Lea Holm said the talks had failed and urged both sides to return to mediation."
    )
    # eval/GUIDE.md, section 3: "urged" brings new content, so it is a statement of its own
    assert [(a, q) for a, _, q in got] == [
        ("Lea Holm", "the talks had failed"),
        ("Lea Holm", "to return to mediation"),
    ]


def test_a_possessive_owner_keeps_two_ministries_apart():
    text = (
        "Norland's foreign ministry said the patrol had been routine. "
        "Neighbouring Estavia's foreign ministry said it was ready to host talks."
    )
    got = found(text)
    assert any(a.startswith("Estavia") and q == "it was ready to host talks" for a, _, q in got)


def test_a_denial_and_the_quotation_after_it_are_two_denials_by_the_same_speaker():
    text = "Party chair Lisa Berg dismissed the claims as baseless. “Not one ballot was touched,” she told reporters."
    assert found(text) == [
        ("Lisa Berg", "denies", "the claims as baseless"),
        ("Lisa Berg", "denies", "Not one ballot was touched"),
    ]


def test_a_denial_with_its_own_content_stays_apart_from_the_next_quote():
    text = "Lisa Berg denied that ballots were moved. “We counted twice,” she said."
    got = found(text)
    assert ("Lisa Berg", "denies", "ballots were moved") in got and len(got) == 2


def test_there_was_no_is_a_denial_but_there_is_no_doubt_is_not():
    assert one("“There was no cover-up,” Judge Amos Bell said.").stance == "denies"
    assert one("“There is no doubt the dam will hold,” Judge Amos Bell said.").stance == "asserts"


def test_a_subject_relative_with_said():
    text = "Traders protested the closure of the market, which the Traders Guild said had been ordered without notice."
    s = one(text)
    assert (s.actor, s.quote) == ("Traders Guild", "had been ordered without notice")


def test_coordinated_suggested_with_a_clause_but_not_with_a_plain_object():
    got = found(
        "Lawyer Mia Roth said the rider would appeal, and suggested the sample was contaminated."
    )
    assert any(q == "the sample was contaminated" for _, _, q in got)
    got = found("Lawyer Mia Roth said the rider would appeal, and suggested a meeting.")
    assert [q for _, _, q in got] == ["the rider would appeal"]


def test_something_he_insisted_is_not_a_statement():
    got = found(
        "Mayor Ole Dahl says he will run again, something he once insisted he would never do."
    )
    assert len(got) == 1 and got[0][2].startswith("he will run again")


def test_an_unnamed_spokesperson_speaks_for_the_organisation_just_mentioned():
    text = (
        "Corvan Shipping Group confirmed the delays on Monday. "
        "“Every vessel will be inspected,” said a spokesperson, who declined to be named."
    )
    assert ("Corvan Shipping Group", "asserts", "Every vessel will be inspected") in found(text)


def test_telling_parliament_that():
    s = one(
        "Prime Minister Ana Petrov defended the budget on Tuesday, telling parliament that the deficit would halve."
    )
    assert (s.actor, s.quote) == ("Ana Petrov", "the deficit would halve")


def test_the_prosecution_alleged():
    s = one("The prosecution alleged that the director had moved the funds abroad.")
    assert (s.actor, s.quote) == ("the prosecution", "the director had moved the funds abroad")


def test_a_complaint_filed_by_someone_speaks_for_them_later():
    text = (
        "Lumo shared user data, according to a complaint filed by the Consumer Rights Office. "
        "The complaint alleges that the data was sold to brokers."
    )
    assert ("Consumer Rights Office", "asserts", "the data was sold to brokers") in found(text)


def test_a_complaint_without_an_author_is_named_as_the_complaint():
    s = one("The complaint alleges that the plant dumped waste into the river.")
    assert s.actor == "the complaint"


def test_a_named_body_after_a_generic_description():
    s = one(
        "A group representing bakers, the Northern Bakers Guild, rejected claims that flour prices had doubled."
    )
    assert (s.actor, s.stance) == ("Northern Bakers Guild", "denies")


def test_rejecting_what_it_called_a_label_then_saying_why_is_two_statements_of_the_body():
    text = (
        "The Fisheries Ministry rejected what it called “reckless” figures. "
        "In a statement, the ministry said the survey had counted the wrong species."
    )
    assert found(text) == [
        ("Fisheries Ministry", "denies", "what it called “reckless” figures"),
        ("Fisheries Ministry", "asserts", "the survey had counted the wrong species"),
    ]


def test_described_as_with_a_quoted_judgement_but_not_a_plain_one_when_coordinated():
    s = one("Senator Ida Kerr described the plan as “a gift to polluters”.")
    assert s.actor == "Ida Kerr" and "a gift to polluters" in s.quote
    got = found("The board said it had made an offer and described the demand as unaffordable.")
    assert all("unaffordable" not in q for _, _, q in got)


def test_the_description_keeps_its_article():
    s = one("The broadcaster said every party had equal airtime.")
    assert s.actor == "the broadcaster"


def test_found_with_a_that_less_finite_clause_but_not_with_an_object():
    s = one("A tribunal found he had misled investors about the fund.")
    assert s.quote == "he had misled investors about the fund"
    assert found("Divers found the wreck off the coast of Crete.") == []


def test_an_appositive_opening_with_now():
    s = one("Former judge Carl Imre, now a television pundit, said the sentence was lenient.")
    assert (s.actor, s.quote) == ("Carl Imre", "the sentence was lenient")


def test_a_report_by_an_author_speaks_for_the_author():
    s = one("The report, by the Centre for Rural Policy, said bus routes had halved.")
    assert (s.actor, s.quote) == ("Centre for Rural Policy", "bus routes had halved")


@pytest.mark.xfail(
    strict=True,
    reason="Not yet on the spaCy engine: 'a charge X called a fabrication' (a judgement in a relative clause on a statement noun) is not yet a rule of its own.",
)
def test_a_charge_someone_called_a_fabrication_is_their_denial_of_the_charge():
    got = found(
        "Lorvia accused Kestan of jamming its radar, a charge Kestan's army called “pure fabrication”."
    )
    assert any(
        a.startswith("Kestan") and st == "denies" and q == "Kestan of jamming its radar"
        for a, st, q in got
    )
    got = found(
        "Lorvia accused Kestan of jamming its radar, a claim Kestan's army called “worth a look”."
    )
    assert not any(st == "denies" for _, st, _ in got)


def test_the_defence_as_a_speaker_and_the_defence_ministry_as_one_body():
    assert one("The defence argued that the confession had been coerced.").actor == "the defence"
    assert one("The defence ministry said the drills were routine.").actor == "the defence ministry"


def test_said_followed_by_a_colon():
    s = one("Asked whether he would resign, Senator Hal Dorn said: “Absolutely not.”")
    # the passage is the words quoted, without the quotation marks around them
    assert s.actor == "Hal Dorn" and s.quote == "Absolutely not" and s.is_direct_quote


def test_a_person_of_a_party_is_the_person_and_the_surname_later_means_them():
    text = (
        "Results gave 38 percent to Marta Ilieva of the People's Renewal party.\n\n"
        "Ms Ilieva told supporters that the count had been manipulated in three districts."
    )
    assert found(text) == [
        ("Marta Ilieva", "asserts", "the count had been manipulated in three districts")
    ]


def test_a_company_spokeswoman_and_the_company_speak_for_a_business_named_by_its_industry():
    text = (
        "Dockers at shipping group Marlow Freight stopped work on Monday.\n\n"
        "“Most of our terminals are operating normally,” a company spokeswoman said.\n\n"
        "The company denied that crane drivers had been disciplined for joining the stoppage."
    )
    assert found(text) == [
        ("Marlow Freight", "asserts", "Most of our terminals are operating normally"),
        ("Marlow Freight", "denies", "crane drivers had been disciplined for joining the stoppage"),
    ]


def test_the_n_year_old_is_the_person_the_sentence_before_was_about():
    text = (
        "Tomas Lindgren, the Swedish skier who won silver in 2022, has been banned for two years, "
        "the federation said on Friday.\n\n"
        "The 31-year-old denied breaking any rule and said he would appeal."
    )
    assert found(text)[1:] == [
        ("Tomas Lindgren", "denies", "breaking any rule"),
        ("Tomas Lindgren", "asserts", "he would appeal"),
    ]


def test_a_video_posted_online_is_where_the_quote_was_said_not_a_second_statement():
    text = (
        "Priya Raman resigned on Tuesday.\n\n"
        "“I did nothing wrong, and I will prove it,” Raman said in a video posted on Facebook. "
        "“This is not the end.”"
    )
    assert [(actor, quote) for actor, _, quote in found(text)] == [
        ("Priya Raman", "I did nothing wrong, and I will prove it"),
        ("Priya Raman", "This is not the end"),
    ]


def test_bodies_named_with_of_a_title_word_or_an_ordinal_are_whole_names():
    text = (
        "The U.S. Department of Justice said the merger would raise prices.\n\n"
        "A panel of the 4th U.S. Circuit Court of Appeals said the ban was unconstitutional.\n\n"
        "The 101st Airborne Division said two soldiers had been injured.\n\n"
        "Danish Cycling, the national federation, said it would not select the rider."
    )
    assert [actor for actor, _, _ in found(text)] == [
        "U.S. Department of Justice",
        "4th U.S. Circuit Court of Appeals",
        "101st Airborne Division",
        "Danish Cycling",
    ]
    # A title is still a title: "Chief Justice Ada Holt" is Ada Holt.
    assert found("Chief Justice Ada Holt said the court would sit on Monday.")[0][0] == "Ada Holt"


def test_a_comment_after_a_trailing_said_leaves_the_statement_before_it():
    text = (
        "About 4,000 nurses walked out on Monday over staffing, the Allied Nurses Union said, "
        "in what it called the biggest stoppage in a decade."
    )
    statements = {quote for actor, _, quote in found(text) if actor == "Allied Nurses Union"}
    assert "About 4,000 nurses walked out on Monday over staffing" in statements
    assert not any(quote.startswith("in what") for quote in statements)


def test_a_confirmation_reported_inside_another_statement_is_not_a_second_speaker():
    text = (
        "The regulator said its inspectors had found cracks and that the finding had been "
        "confirmed by an independent laboratory."
    )
    assert [actor for actor, _, _ in found(text)] == ["the regulator"]
    # On its own, a passive agent still speaks.
    assert found("The claims have been denied by the ministry.")[0][:2] == (
        "the ministry",
        "denies",
    )


def test_the_group_is_the_one_organisation_the_sentence_before_named():
    text = (
        "The suit was filed by the Clean River Trust, a charity that tests water quality, and three "
        "farmers. The group said the ruling would let it resume testing."
    )
    assert found(text) == [
        ("Clean River Trust", "asserts", "the ruling would let it resume testing")
    ]


def test_a_consumer_group_is_not_the_company():
    text = (
        "Regulators fined video app Streamly on Monday. Consumer group Fairplay welcomed the "
        "fine.\n\nCampaigners accused Streamly of hoarding data, a charge the company denied."
    )
    assert ("Streamly", "denies") in {(actor, stance) for actor, stance, _ in found(text)}


def test_a_second_predicate_with_said_takes_the_clauses_subject():
    text = (
        "Governor Lena Varga thanked volunteers in a televised address and said the levees "
        "had held.\n\nPolice arrested two men and charged them with looting."
    )
    assert found(text) == [("Lena Varga", "asserts", "the levees had held")]


def test_the_company_is_the_industry_group_named_paragraphs_before():
    text = (
        "Drivers at haulage firm rival Kestrel struck too. Workers at shipping group Marlow "
        "Freight stopped work on Monday, the union said.\n\n"
        "Anna Pike said her shifts had doubled.\n\n"
        "Tom Reyes said the depot was cold.\n\n"
        "Lea Moss said managers watched every break.\n\n"
        "Ian Holt said he had been fined twice.\n\n"
        "The company denied that drivers had been fined for breaks."
    )
    assert found(text)[-1] == ("Marlow Freight", "denies", "drivers had been fined for breaks")


def test_though_they_said_inside_a_statement_is_a_second_statement_of_the_same_group():
    text = (
        "Analysts at Harbour Capital estimated that the strike would cost 90 million euros, "
        "though they said the bigger risk was lost customers."
    )
    assert found(text) == [
        ("Harbour Capital", "asserts", "the strike would cost 90 million euros"),
        ("Harbour Capital", "asserts", "the bigger risk was lost customers"),
    ]


def test_a_body_named_with_of_before_a_spokesperson_keeps_its_whole_name():
    text = "A Department of Transport spokesperson said the bridge would reopen in May."
    assert found(text)[0][0] == "Department of Transport"


def test_they_after_a_sentence_ending_on_a_group_is_that_group():
    text = (
        "The club's chairman, Rui Santos, said: \"The committee has put the questions to all "
        'the players. They deny the reports and have said that the story is false."'
    )
    suggestions = found(text)
    assert ("the players", "denies", "the story is false") in suggestions
    assert {actor for actor, _, _ in suggestions} == {"Rui Santos", "the players"}


def test_an_outlet_that_quoted_or_cited_someone_as_saying_relays_their_statement():
    s = one("Interfax quoted Ivan Petrov, the head of the port, as saying the ships had left.")
    assert (s.actor, s.stance, s.quote, s.via) == (
        "Ivan Petrov",
        "asserts",
        "the ships had left",
        "Interfax",
    )
    assert s.rule == "quoted-x-as-saying"
    s = one(
        "A report in the daily Courier cited the regulator Finmark as saying on Sunday that "
        "the bank had not asked for a licence."
    )
    assert (s.actor, s.stance, s.quote) == (
        "Finmark",
        "denies",
        "the bank had not asked for a licence",
    )


def test_a_headline_speaker_given_by_a_role_is_the_person_the_body_names_with_it():
    text = (
        "Port chief defends closing pier after storm\n\n"
        "Port Authority Chief Ana Lopes said on Monday that the pier had been unsafe for "
        "weeks.\n\nFishermen said the closure had cost them a season."
    )
    headline = next(s for s in extract(text) if s.start < text.index("\n"))
    assert headline.actor == "Ana Lopes" and headline.quote.startswith("closing pier")
    assert headline.actor_role == "Port Authority Chief"


def test_a_headline_role_that_no_one_in_the_body_holds_names_no_one():
    text = (
        "Minister defends closing the pier after storm\n\n"
        "Harbour engineer Ana Lopes said on Monday that the pier had been unsafe for weeks."
    )
    assert [s.actor for s in extract(text)] == ["Ana Lopes"]


def test_the_name_ending_a_spokesperson_phrase_is_the_body_not_its_country():
    s = one(
        '"The bank is not for sale," a spokeswoman of the Danish banking authority DFSA told Reuters.'
    )
    assert (s.actor, s.stance) == ("DFSA", "denies")


def test_announcing_a_position_is_a_statement_announcing_a_thing_is_not():
    s = one("The rail union announced its acceptance of the pay offer on Friday.")
    assert (s.actor, s.rule) == ("the rail union", "said-object")
    assert s.quote.startswith("its acceptance of the pay offer")
    assert found("The rail union announced a new timetable on Friday.") == []


def test_a_claim_the_accused_denied_is_a_denial_of_the_claim_just_made():
    got = found("Rebels said the army had shelled the town, a claim the army denied.")
    assert ("Rebels", "asserts", "the army had shelled the town") in got
    assert ("the army", "denies", "the army had shelled the town") in got
    # a summary that is not a denial is left in the statement it sums up
    got = found("Rebels said the army had shelled the town, a claim the monitors confirmed.")
    assert not any(stance == "denies" for _, stance, _ in got)


def test_a_panel_or_a_team_of_a_body_speaks_for_the_body():
    assert one("A panel of the Harbour Appeals Court said the ban was unlawful.").actor == (
        "Harbour Appeals Court"
    )
    assert one("A team of the Marine Institute said the reef was recovering.").actor == (
        "Marine Institute"
    )


def test_neither_nor_as_subject_denies():
    s = one("The league said neither the club nor its owner had been told of the inquiry.")
    assert s.stance == "denies"
    s = one("The league said neither side will comment before the hearing.")
    assert s.stance == "asserts"


def test_a_group_named_inside_a_quotation_is_not_who_talks_in_the_next_paragraph():
    text = (
        "The club's chairman, Rui Santos, said: \"We have put the questions to all the players. "
        "They deny the reports and have said that the story is false.\n\n"
        '"Nobody at the club has seen any evidence of wrongdoing."'
    )
    last = extract(text)[-1]
    assert (last.actor, last.rule) == ("Rui Santos", "quote-previous")
    assert last.quote.startswith("Nobody at the club")


def test_a_statement_noun_inside_a_clause_is_not_the_author_of_the_clause():
    got = found(
        "The plan was attacked by the Green League, which said that \u201cthese promises from a "
        "council out of its depth are pure theatre.\u201d"
    )
    assert [actor for actor, _, _ in got] == ["Green League"]


def test_a_reporting_verb_with_its_own_object_in_a_time_clause_is_not_a_tag():
    got = found(
        "Soon after the council announced the budget on Monday, the union pledged its support."
    )
    assert not any(actor == "the council" for actor, _, _ in got)
    got = found(
        "The mayor spoke on Tuesday, after the council said last week the budget was final."
    )
    assert ("the council", "asserts", "the budget was final") in got


def test_rumours_claiming_something_are_nobody_s_statement():
    text = "The ministry on Friday responded to social media rumors claiming that a disease has spread in the capital."
    assert found(text) == []
    got = found(
        "The water board refuted rumours of a leak in the valley saying the water was safe."
    )
    assert any(
        "water board" in actor and quote == "the water was safe" for actor, _, quote in got
    ), got
