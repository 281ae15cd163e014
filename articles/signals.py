"""What the articles app announces, so that apps built on it (claims) can act without this app
importing them."""

from django.dispatch import Signal

# Sent inside the transaction that stored newly imported articles, with `articles` (saved, in
# import order), `blocks` (article id -> its ArticleBlocks), `relations` (the copy and rewrite
# links just found), `user` and `suggest` (whether the importer asked for machine suggestions).
# The claims app answers with the suggestions (claims.suggest_db.suggestions_for_stored).
articles_stored = Signal()

# Sent after copy/rewrite links between articles were changed or removed, with `article_ids`
# (every article on either end). The claims app regroups their statements.
relations_changed = Signal()
