"""Written decisions and notices of a request (答复书 and the other letters): the reply
types of docs/domain.md §3, their composition as frozen, numbered documents, and the sign-off
a refusal needs before it leaves (Art. 17, 36–39, 45)."""
