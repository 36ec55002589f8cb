from django.dispatch import Signal

# Sent when disclosure itself creates an item that staff will carry through the publication
# workflow (the annual report draft); kwargs: item, actor. The workflow app grants the publishing
# department its object permissions, as for items drafted in its own pages.
item_drafted = Signal()

# Sent inside publish_item's transaction after an item became public; kwargs: item, actor.
item_published = Signal()
