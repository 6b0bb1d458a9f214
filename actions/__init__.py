"""Custom actions of the Rasa assistant: they connect the conversation to the knowledge index and rules."""


def warmup() -> None:
    """Load the heavy parts (embedding model, index, fund profile, fact extractor) before the first user."""
    from actions.fund import active_profile
    from actions.services import get_searcher
    from actions.sketch_state import parts

    active_profile()
    parts()
    get_searcher().search("Vem kan söka pengar ur fonden?", k=1)
    from actions.services import sentence_idf

    sentence_idf()  # the answer sentences' IDF table over the corpus (about 0.6 s)
    from actions.services import extract_facts_or_raise

    extract_facts_or_raise("Vi vill anlita en förening för 450 000 kr från 1 september 2026.")
