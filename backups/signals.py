"""What other apps hear from a restore."""

from django.dispatch import Signal

# Sent inside the restore's transaction with the restored `council` and the database alias
# (`using`): the task queue is not part of an archive, so apps queue again the background work
# that was waiting when the council was exported (owners' unsent mails, say). A receiver may
# return a sentence for the operator (what it could not do); `restore_council` prints it.
council_restored = Signal()
