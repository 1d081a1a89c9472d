"""Entities across articles: spellings of one name are one entity, different people never are."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from treatykg.graph import iris
from treatykg.graph.variants import (
    Entity,
    VariantGroup,
    fold,
    group_triples,
    group_variants,
    load_rules,
)
from treatykg.graph.vocab import OWL, PROV, TKG

import treatykg

RUSSIA, UKRAINE = "x:state/russia", "x:state/ukraine"


def people(*names: str, type: str = "Person") -> list[Entity]:
    """One unlinked entity per name, each its own IRI, mentioned once in one article."""
    return [Entity(f"x:{n}", n, type, mentions=1, articles=1) for n in names]


def grouped_names(entities: list[Entity]) -> set[frozenset[str]]:
    """The groups found, each as the set of its members' names."""
    names = {e.iri: e.name for e in entities}
    return {frozenset(names[m] for m in g.members) for g in group_variants(entities)}


@pytest.mark.parametrize("a, b", load_rules().examples)
def test_variants_every_rule_example_folds_to_one_form(a: str, b: str) -> None:
    assert fold(a) == fold(b)


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("Dmitri", "Dmitry", True),
        ("Zelensky", "Zelenskyy", True),
        ("Yuriy", "Yury", True),
        ("Yurii", "Yuriy", True),
        ("Georgi", "Georgiy", True),
        ("Mari", "Mary", False),
        ("Toni", "Tony", False),
        ("Kati", "Katy", False),
    ],
)
def test_variants_fold_keeps_bare_i_apart_from_y_unless_slavic(
    first: str, second: str, same: bool
) -> None:
    """A bare -i is -ий only after two consonants in a longer word (Dmitri, Zelenski):
    Mari, Toni and Kati are names of their own, not spellings of Mary, Tony and Katy."""
    assert (fold(first) == fold(second)) is same


@pytest.mark.parametrize(
    "names",
    [
        ("Dmitri Ivanovsky", "Dmitry Ivanovsky", "Dmitriy Ivanovsky", "Dmitrii Ivanovsky"),
        ("Oksana Zelensky", "Oksana Zelenskyy", "Oksana Zelenskiy"),
        ("José Ortega Ruiz", "Jose Ortega Ruiz"),
        ("Sergueï Lavrenko", "Sergei Lavrenko", "Sergey Lavrenko", "Sergej Lavrenko"),
        ("Alexei Gorbatchev", "Aleksei Gorbachyov", "Alexey Gorbachev"),
        ("John F. Smith", "John Smith"),
        ("John F. Smith", "John Fitzgerald Smith", "John Smith"),
        ("Lars Ødegård", "Lars Odegard"),
        ("Dmitri Ivanovsky", "Dmitri Ivanovskiy"),
    ],
)
def test_variants_spellings_of_one_person_are_one_group(names: tuple[str, ...]) -> None:
    assert grouped_names(people(*names)) == {frozenset(names)}


@pytest.mark.parametrize(
    "names, type",
    [
        (("Zelensky Foundation", "Zelenskyy Foundation"), "Organization"),
        (("Novaya Zemlya Accord", "Novaja Zemlja Accord"), "Treaty"),
    ],
)
def test_variants_spellings_of_other_names_are_one_group(names: tuple[str, ...], type: str) -> None:
    # "ja" after a consonant is "ya": Zemlja, Zemlya (the treaty is made up).
    assert grouped_names(people(*names, type=type)) == {frozenset(names)}


@pytest.mark.parametrize(
    "names",
    [
        ("Dmitry Ivanovsky", "Sergei Ivanovsky"),  # one surname
        ("Dmitry Ivanovsky", "Dmitry Petrov"),  # one first name
        ("Alexander Orlov", "Alexandra Orlov"),  # a man's and a woman's name
        ("Ivan Ivanov", "Ivan Ivanova"),
        ("George W. Bush", "George H. W. Bush"),  # father and son
        ("John F. Smith", "John G. Smith"),
        ("John Fitzgerald Smith", "John Frank Smith"),
        ("J. Smith", "John Smith"),  # an initial for the first name could be anyone
        ("Sergio Marra", "Serge Marra"),
        ("Ivanovsky", "Dmitry Ivanovsky"),  # a surname alone is not a person
        ("Mari Lindqvist", "Mary Lindqvist"),  # names of their own, not -ий endings
        ("Toni Lindqvist", "Tony Lindqvist"),
        ("Kati Lindqvist", "Katy Lindqvist"),
    ],
)
def test_variants_different_people_never_merge(names: tuple[str, ...]) -> None:
    assert grouped_names(people(*names)) == set()


@pytest.mark.parametrize("name", ["Orion Works"])
def test_variants_same_name_of_different_types_never_merges(name: str) -> None:
    entities = [Entity("x:org", name, "Organization"), Entity("x:other", name, "Other")]
    assert group_variants(entities) == []


@pytest.mark.parametrize("first, second", [(RUSSIA, UKRAINE)])
def test_variants_officials_of_different_states_never_merge(first: str, second: str) -> None:
    entities = [
        Entity("x:1", "Dmitri Ivanovsky", "Person", frozenset([first])),
        Entity("x:2", "Dmitry Ivanovsky", "Person", frozenset([second])),
        Entity("x:3", "Dmitriy Ivanovsky", "Person"),  # no title: could be either
    ]
    assert grouped_names(entities) == set()
    same_state = [Entity("x:2", "Dmitry Ivanovsky", "Person", frozenset([first])), entities[0]]
    assert grouped_names(same_state) == {frozenset({"Dmitri Ivanovsky", "Dmitry Ivanovsky"})}


@pytest.mark.parametrize(
    "names, wanted",
    [
        (
            ("John Smith", "John F. Smith", "Jon F. Smith", "John G. Smith"),
            set(),  # "Jon" is not "John": F. and G. Smith only share "John Smith"
        ),
        (
            ("John Smith", "John F. Smith", "John Fitzgerald Smith", "John G. Smith"),
            {frozenset({"John F. Smith", "John Fitzgerald Smith"})},
        ),
    ],
)
def test_variants_a_name_fitting_two_people_joins_neither(
    names: tuple[str, ...], wanted: set[frozenset[str]]
) -> None:
    assert grouped_names(people(*names)) == wanted


@pytest.mark.parametrize(
    "mentions, canonical",
    [
        ((1, 5), "x:Dmitry Ivanovsky"),
        ((5, 1), "x:Dmitri Ivanovsky"),
        ((2, 2), "x:Dmitri Ivanovsky"),
    ],
)
def test_variants_canonical_is_the_most_mentioned(
    mentions: tuple[int, int], canonical: str
) -> None:
    entities = [
        Entity(f"x:{name}", name, "Person", mentions=n, articles=1)
        for name, n in zip(("Dmitri Ivanovsky", "Dmitry Ivanovsky"), mentions, strict=True)
    ]
    (group,) = group_variants(entities)
    assert group.canonical == canonical and group.name == canonical[2:] and not group.in_kb


@pytest.mark.parametrize("spelling", ["Dmitriy Peskov", "Dmitrii S. Peskov"])
def test_variants_spelling_of_a_kb_name_joins_the_kb_entity(spelling: str) -> None:
    kb = "kb:person/dmitry-peskov"
    entities = [
        Entity("x:new", spelling, "Person", mentions=7, articles=3),
        Entity(kb, "Dmitry Peskov", "Person", in_kb=True),
        Entity(kb, "Dmitry Sergeyevich Peskov", "Person", in_kb=True),
        Entity(kb, "Peskov", "Person", in_kb=True),
    ]
    (group,) = group_variants(entities)
    assert (group.canonical, group.name, group.in_kb) == (kb, "Dmitry Peskov", True)
    assert group.members == tuple(sorted((kb, "x:new"))) and group.spellings == (spelling,)


@pytest.mark.parametrize("spelling", ["Dmitriy Peskov"])
def test_variants_kb_entities_are_never_merged_nor_guessed_between(spelling: str) -> None:
    # Two KB people whose names fold alike: the unlinked spelling could be either.
    entities = [
        Entity("kb:1", "Dmitry Peskov", "Person", in_kb=True),
        Entity("kb:2", "Dmitri Peskov", "Person", in_kb=True),
        Entity("x:new", spelling, "Person", mentions=1),
    ]
    assert group_variants(entities) == []


@pytest.mark.parametrize("members", [("x:a", "x:b", "x:c")])
def test_variants_triples_make_members_same_as_the_canonical(members: tuple[str, ...]) -> None:
    computation = URIRef("https://w3id.org/treatykg/id/computation/entities/abc")
    group = VariantGroup("x:b", "Dmitry Ivanovsky", members, ("Dmitry Ivanovsky", "Dmitri"), False)
    triples = set(group_triples([group], computation))
    node = iris.entity_group("x:b")
    same = {(s, o) for s, p, o in triples if p == OWL.sameAs}
    assert same == {(URIRef("x:a"), URIRef("x:b")), (URIRef("x:c"), URIRef("x:b"))}
    assert {
        (node, PROV.wasGeneratedBy, computation),
        (node, TKG.canonicalEntity, URIRef("x:b")),
        (node, TKG.canonicalName, Literal("Dmitry Ivanovsky")),
    } <= triples
    assert {o for s, p, o in triples if p == TKG.member} == set(map(URIRef, members))


# Three short articles of our own; the people in them are made up, so the KB lacks them.
ARTICLES = {
    "north.txt": "title: Envoy speaks\ndate: 2024-05-02\nsource: North Wire\n\n"
    "Ruritanian Deputy Foreign Minister Dmitri Ivanovsky said on Thursday that his government "
    "was ready for talks. Ivanovsky spoke in Geneva.\n",
    "south.txt": "title: Talks go on\ndate: 2024-05-03\nsource: South Post\n\n"
    "Ruritanian Deputy Foreign Minister Dmitry Ivanovsky met the delegation on Friday.\n",
    "east.txt": "title: A reply\ndate: 2024-05-04\nsource: East Daily\n\n"
    "Ruritanian diplomat Sergei Ivanovsky disagreed on Saturday.\n",
}


@pytest.mark.parametrize("articles", [ARTICLES])
def test_variants_unlinked_queue_lists_spellings_once(
    articles: dict[str, str], tmp_path: Path
) -> None:
    from treatykg.graph.derived import derive

    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    with treatykg.open(tmp_path / "store") as kg:
        assert kg.ingest([folder]).ok
        derive(kg.store)
        found = [
            {k: str(v) for k, v in row.items()} for row in kg.sparql("unlinked-entities").records()
        ]
        dmitry = [r for r in found if "Dmitr" in r["name"]]
        assert len(dmitry) == 1
        assert set(dmitry[0]["spellings"].split(" | ")) == {"Dmitri Ivanovsky", "Dmitry Ivanovsky"}
        assert (dmitry[0]["articles"], dmitry[0]["mentions"]) == ("2", "3")
        assert [r["articles"] for r in found if r["name"] == "Sergei Ivanovsky"] == ["1"]
        # The article graphs are untouched: dropping the derived graph undoes the merge.
        kg.store.replace_graphs([(iris.derived_graph("entities"), [])])
        names = [str(r["name"]) for r in kg.sparql("unlinked-entities").records()]
        assert sorted(n for n in names if "Dmitr" in n) == ["Dmitri Ivanovsky", "Dmitry Ivanovsky"]


KB_PERSON = """@prefix tkg: <https://w3id.org/treatykg/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix id: <https://w3id.org/treatykg/id/> .
id:person\\/yury-karpenko a tkg:Person ; skos:prefLabel "Yury Karpenko" .
"""


@pytest.mark.parametrize("spelling", ["Yuriy Karpenko"])
def test_variants_spelling_of_a_kb_person_leaves_the_queue(spelling: str, tmp_path: Path) -> None:
    from treatykg.graph.derived import derive

    (tmp_path / "kb").mkdir()
    (tmp_path / "kb" / "people.ttl").write_text(KB_PERSON, encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text(
        f"title: Visit\ndate: 2024-05-02\nsource: North Wire\n\n"
        f"Ruritanian envoy {spelling} arrived in Vienna on Thursday.\n",
        encoding="utf-8",
    )
    with treatykg.open(tmp_path / "store", kb_dirs=[tmp_path / "kb"]) as kg:
        assert kg.ingest([article]).ok
        derive(kg.store)

        def queue() -> list[str]:
            return [str(r["name"]) for r in kg.sparql("unlinked-entities").records()]

        assert spelling not in queue()
        # The article still names an entity the KB lacks; only the derived graph links it.
        entities = iris.derived_graph("entities")
        same = (
            "SELECT ?name ?kb WHERE { GRAPH ?a { ?new tkg:linked false ; skos:prefLabel ?name } "
            f"GRAPH <{entities}> {{ ?new owl:sameAs ?kb }} }}"
        )
        assert [(str(r["name"]), str(r["kb"])) for r in kg.sparql(same).records()] == [
            (spelling, "https://w3id.org/treatykg/id/person/yury-karpenko")
        ]
        kg.store.replace_graphs([(entities, [])])
        assert spelling in queue()
