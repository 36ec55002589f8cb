from django.dispatch import Signal

# Sent inside publish_item's transaction after an item became public; kwargs: item, actor.
item_published = Signal()
