"""The word lists ``organizations.v1`` reads: head words, post words, joiners and stop lists.

Vocabulary only, no rules. ``graph.extract.organizations`` re-exports the lists other extractors
use to tell an organisation or a post from other capitalised words (``ORG_HEADS``,
``POST_WORDS``, ``MONTHS``, ``UNIT_HEADS``).
"""

from __future__ import annotations

__all__ = [
    "APOS",
    "CONTACT",
    "INSTRUMENTS",
    "JOINERS",
    "MONTHS",
    "NOT_ACRONYMS",
    "NOT_ORG",
    "ORG_HEADS",
    "PARENTED",
    "POST_NOUNS",
    "POST_QUALIFIERS",
    "POST_WORDS",
    "PREPOSITIONS",
    "SALUTATIONS",
    "SENIORITY",
    "UNIT",
    "UNIT_HEADS",
]

#: The subtype of a mention that names a part of an organisation (kg:OrganizationalUnit).
UNIT = "OrganizationalUnit"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Parts of an organisation: a name ending in one of these is typed kg:OrganizationalUnit.
UNIT_HEADS = _words(
    "Sector Division Entity Unit Office Chair Department Secretariat Section Branch Bureau "
    "Directorate Subcommittee Sub-Committee Service Desk Cluster Faculty"
)
#: Words that end the name of an organisation ("... Committee", "... of Economics School").
ORG_HEADS = UNIT_HEADS | _words(
    "Organization Organisation Committee Commission Council Panel Institute Institution "
    "University School College Academy Agency Ministry Foundation Fund Programme Program "
    "Network Association Federation Party Union League Bank Court Tribunal Parliament Assembly "
    "Board Group Alliance Coalition Movement Front Society Centre Center Corporation Company "
    "Authority Congress Senate Cabinet Government Observatory Laboratory Consortium Trust "
    "Club Chamber Church Army Navy Police Agency Federation Confederation Caucus Bloc Corps "
    "Organisations Organizations Institutes Partners Forces Guard Secretariats Commissariat"
)
#: Single words that name a post; they end a run of name words ("Minister of ...").
POST_WORDS = _words(
    "Minister Ministers President Vice-President Director Director-General Directors "
    "Deputy Secretary Secretary-General Under-Secretary-General Chairman Chairperson "
    "Chairwoman Chairholder Chairs Member Members Ambassador Governor Senator Mayor "
    "Commissioner Representative Delegate Advisor Adviser Officer Chief Coordinator "
    "Rapporteur Envoy Spokesperson Spokesman Spokeswoman Leader Premier Vice-Chair "
    "Assistant Co-Chair Founder Co-Founder CEO Treasurer Registrar Rector Dean Chancellor "
    "Vice-Chancellor Professor Chairholders Head Executive MP MEP MPP Councillor Speaker "
    # French and Spanish posts (words that English text does not use)
    "Directeur Directrice Directora Présidente Presidenta Secrétaire Secretario Secretaria "
    "Ministre Ministro Ministra Ambassadeur Ambassadrice Embajador Embajadora Conseiller "
    "Conseillère Asesor Asesora Délégué Déléguée Delegado Delegada"
)
#: Nouns that make a post of the head word before them: "Programme Specialist", "Fund Manager".
POST_NOUNS = _words(
    "Specialist Specialists Officer Officers Assistant Assistants Coordinator Coordinators "
    "Co-ordinator Adviser Advisers Advisor Advisors Consultant Consultants Manager Managers "
    "Expert Experts Analyst Analysts Associate Associates"
)
#: Grades in front of a post: "Senior Programme Specialist", "Chief Programme Officer".
SENIORITY = _words("Senior Chief Principal Associate Junior")
#: Words that qualify a post they come before: "State Minister", "Acting Director", "Vice-Minister".
POST_QUALIFIERS = _words(
    "State Deputy Vice Acting Interim Permanent Under Assistant Associate Honorary First Second "
    "Third Prime Executive Special Alternate Joint Co"
)
#: Month and weekday names: capitalised, never part of a name.
MONTHS = _words(
    "January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Monday Tuesday Wednesday Thursday "
    "Friday Saturday Sunday"
)
# Lower-case words that may join the capitalised words of one name.
JOINERS = _words("of for on and & the de des du la le del della di von van der y et")
# A name's complement opens with one of these ("Committee for ...", "Panel on ...").
PREPOSITIONS = _words("of for on")
# Heads of bodies that belong to the organisation named after them ("Executive Board of X").
PARENTED = UNIT_HEADS | _words("Board Committee Council Assembly Commission")
# Words that make a name an event, a document or an award rather than an organisation.
NOT_ORG = _words(
    "War Wars Campaign Operation Festival Agreement Accord Medal Act Treaty Election Elections "
    "Battle Revolution Crisis Award Prize Games Cup Championship Referendum Uprising Rebellion "
    "Massacre Declaration Protocol Resolution Report Summit Conference Congresses Convention "
    "Olympics Expo Day Week Year"
)
# Capitals that are not organisations: posts, topics, countries, numerals, common abbreviations.
NOT_ACRONYMS = _words(
    "MP MPs MEP MLA MPP MSP TD CEO CFO PM VP AI ICT SDG SDGs COVID HIV AIDS GDP PhD NGO NGOs "
    "SME SMEs TV UK US USA UAE USSR NB PS OK II III IV VI VII VIII IX XI XII XX XXI TRUE FALSE "
    "AM PM GMT UTC ISBN ISSN DOI URL PDF HTML FAQ RSVP NE NW SE SW DNA RNA FM GPS"
)
# Labels of a contact block ("France Tél : +33 ...").
CONTACT = _words(
    "Ref Tel Tél Tel. Tél. Fax Email E-mail Phone Téléphone Website Web"
)
#: Legal instruments: a name they head, or one inside their title, names a text, not a body.
INSTRUMENTS = _words(
    "Convention Conventions Recommendation Recommendations Declaration Declarations Charter "
    "Treaty Treaties Protocol Protocols Covenant Statute Resolution Agreement Agreements Accord "
    "Accords"
)
SALUTATIONS = _words("Dear Cher Chère Madam Sir")
APOS = "'\u2019"  # apostrophe and right single quotation mark
