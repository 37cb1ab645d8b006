"""Every problem code `credreg check` and `credreg review` can report, with its severity and what it means.

Codes are stable (README: "Problems reported by `credreg check`" lists the same table); a
test scans the package for every code it can emit and requires each to be here.
"""
from __future__ import annotations

from dataclasses import dataclass

from .errors import Severity

E, W = Severity.ERROR, Severity.WARNING


@dataclass(frozen=True)
class ProblemCode:
    """A problem code's severity and one-line meaning."""

    severity: Severity
    meaning: str


_TABLE: tuple[tuple[str, Severity, str], ...] = (
    # Reading files
    ("yaml-syntax", E, "the YAML file does not parse"),
    ("json-syntax", E, "the JSON file does not parse"),
    ("yaml-anchor", E, "a YAML anchor (refused: it hides content)"),
    ("yaml-alias", E, "a YAML alias (refused: it hides content)"),
    ("yaml-tag", E, "a YAML tag (refused: it can run constructors)"),
    ("yaml-duplicate-key", E, "a key appears twice in one YAML mapping"),
    ("json-duplicate-key", E, "a key appears twice in one JSON object"),
    ("yaml-multiple-documents", E, "more than one YAML document in the file"),
    ("yaml-complex-key", E, "a YAML key that is not a plain string"),
    ("not-utf8", E, "the file is not UTF-8 text"),
    ("control-character", E, "the file holds a NUL character"),
    ("file-too-large", E, "the file is over its size limit (YAML 256 KiB, JSON 1 MiB)"),
    ("too-deep", E, "values nested more than 24 levels deep"),
    ("image-too-large", E, "an image over 512 KiB"),
    # Formats (JSON Schema)
    ("unknown-field", E, "a field the format does not have"),
    ("missing-field", E, "a required field is missing"),
    ("wrong-type", E, "a value of the wrong type"),
    ("bad-value", E, "a value outside the allowed ones"),
    ("empty-value", E, "an empty value where one is required"),
    ("too-long", E, "a text longer than its limit"),
    ("out-of-range", E, "a number outside its range"),
    ("duplicate-item", E, "a list holds the same item twice"),
    ("bad-format", E, "a value not in the expected form"),
    ("schema", E, "any other departure from the format's JSON Schema"),
    ("bad-id", E, "an id (folder, file, key, criterion) outside [a-z0-9-]"),
    ("bad-date", E, "not a date or date-time, or no such day"),
    ("non-https-url", E, "a URL that is not https://"),
    ("hidden-character", E, "an invisible, bidi-override or control character in a text"),
    # Names
    ("name-collision", E, "two issuers (or two badge classes of one issuer) with the same name ignoring case"),
    ("confusable-name", E, "a name that looks like another under Unicode's confusables"),
    ("name-variant", E, "names that read the same once case, punctuation, accents and lookalikes are ignored"),
    ("contains-issuer-name", W, "an issuer name containing another issuer's name"),
    ("mixed-script", E, "a name mixing scripts the way spoofed names do"),
    ("imitates-issuer", E, "a badge name containing another issuer's name"),
    # The tree
    ("private-key", E, "private key material anywhere in the tree"),
    ("symlink", E, "a symbolic link anywhere in the tree"),
    ("unexpected-file", E, "a file that is not part of the layout (or an interrupted write's leftover)"),
    ("unknown-issuer", E, "files under credentials/<issuer>/ with no issuer profile"),
    ("unknown-badge", E, "files under a badge folder with no badge.yaml"),
    # References
    ("dangling-ref", E, "a reference to something that does not exist"),
    ("cross-issuer-ref", E, "a revocation of another issuer's credential"),
    ("bad-ref", E, "a badge class requiring itself, countsTowards naming its own class, or a self-paired exception"),
    ("pathway-cycle", E, "requires/buildsOn entries forming a cycle, within one issuer or across issuers"),
    ("pathway-not-accepted", E, "a requirement naming another issuer's badge class not accepting it in countsTowards"),
    ("impossible-requirement", E, "atLeast more than its list, or minimumPoints above what the component can give"),
    ("missing-rubric", E, "a badge class without rubric versions"),
    ("rubric-version-gap", E, "a rubric version is missing from v1..vN"),
    ("rubric-version-mismatch", E, "a rubric file whose version differs from its name"),
    ("bad-rubric-name", E, "a rubric file not named v<N>.yaml"),
    ("rubric-threshold", E, "a pass threshold more than the criteria can give"),
    ("duplicate-id", E, "a credential, key, criterion, level, maintainer or revocation appearing twice"),
    ("duplicate-key", E, "two issuers (or two key ids) with the same public key"),
    ("bad-key", E, "a public key that is not an Ed25519 Multikey"),
    ("bad-key-window", E, "a key whose dates make no sense"),
    ("no-current-key", W, "an issuer with no key that may sign now"),
    ("review-overdue", W, "a badge class review is overdue as of --now"),
    ("placeholder", W, "a value credreg new or credreg init wrote is still there to fill in"),
    ("missing-file", E, "an image that is missing"),
    ("bad-image", E, "an image that is not what its name says, or not well-formed"),
    ("unsafe-svg", E, "an SVG that is not a plain drawing"),
    # Signed files
    ("award-signature", E, "a proof of an award or status list does not verify"),
    ("award-key", E, "a proof made with a key that is not the issuer's, or outside its validity"),
    ("award-proof", E, "an award without proof, without eddsa-rdfc-2022, or without a valid created time"),
    ("award-id", E, "the credential's id is not its URL"),
    ("award-issuer", E, "the credential's issuer is not the folder's issuer"),
    ("award-badge", E, "the credential's achievement is not the folder's badge class"),
    ("award-rubric", E, "the award names a missing rubric version, or the rubric was edited after use"),
    ("award-schema", E, "the award does not validate against the OB 3.0 JSON Schema"),
    ("award-content", E, "a signed award says something its issuer's files do not"),
    ("award-results", E, "an award's results do not fit or do not pass its rubric version"),
    ("award-endorsement", E, "an award embeds an endorsement that is not the registry's, or did not hold then"),
    # Endorsements (credentials/<endorser>/endorsements/<id>.json)
    ("endorsement-id", E, "an endorsement whose id is not its URL in this registry"),
    ("endorsement-schema", E, "an endorsement that does not match the official EndorsementCredential schema"),
    ("endorsement-subject", E, "an endorsement of something that is no badge class or issuer of this registry"),
    ("self-endorsement", E, "an issuer endorsing its own badge class, or itself"),
    ("endorsement-not-accepted", E, "an endorsement the endorsed issuer has not accepted in acceptsEndorsementFrom"),
    ("endorsement-scope", E, "an endorsement covering no rubric version, or one that does not exist"),
    ("endorsement-dates", E, "an endorsement that reaches back before it was signed, or ends before it starts"),
    ("endorsement-content", E, "an endorsement says something the registry's files do not"),
    ("award-dates", E, "validFrom/validUntil without a zone, or validUntil not after validFrom"),
    ("award-status", E, "no or a bad entry in the issuer's status list"),
    ("duplicate-status-index", E, "two awards share a status index"),
    ("status-list-id", E, "a status list whose id is not its URL"),
    ("status-list-issuer", E, "a status list not signed by its issuer"),
    ("status-list-malformed", E, "a malformed status list"),
    ("status-list-mismatch", E, "a status list that disagrees with revocations.yaml"),
    ("missing-status-list", E, "an issuer with awards but no signed status list"),
    # Renewals (credreg renew)
    ("renewal-unknown", E, "a renewal link to a URL that is not one of this registry's credentials"),
    ("renewal-mismatch", E, "a renewal of another badge class, another recipient, itself, a later or a revoked award"),
    ("renewal-duplicate", E, "an award renewed by two standing awards, or linking two renewed credentials"),
    # Stacked awards (credreg award of a class with `requires`) and issuers' `kept` decisions (credreg keep)
    ("component-unknown", E, "a component link to a URL or credential id that is not one of this registry's awards"),
    ("component-class", E, "a component of a badge class the requirement does not name, or on an unstacked class"),
    ("component-invalid", E, "a component not earlier, expired, revoked or below the minimum results then"),
    ("component-recipient", E, "a component of the same issuer awarded to another recipient identityHash"),
    ("component-duplicate", E, "a stacked award linking the same component twice"),
    ("components-missing", E, "a stacked award whose counting components do not meet its requirement"),
    ("component-revoked", W, "a component revoked after the stacked award, with no decision by its issuer"),
    ("kept-unknown", E, "a kept decision naming no credential of this registry"),
    ("kept-mismatch", E, "a kept decision about another issuer's, an unstacked, a revoked or an unaffected award"),
    ("kept-duplicate", E, "a stacked award kept twice with no component revoked in between"),
    # Key-change statements
    ("key-statement-malformed", E, "a key statement that is not the JSON object `credreg key rotate` writes"),
    ("key-statement-unknown-key", E, "a key statement for a key id that issuer.yaml does not list"),
    ("key-statement-subject", E, "a key statement naming its key otherwise than issuer.yaml does"),
    ("key-statement-issuer", E, "a key statement whose issuer is not the folder's issuer"),
    ("key-statement-proof", E, "a key statement without a usable eddsa-rdfc-2022 proof"),
    ("key-statement-signer", E, "a key statement not signed by an older key of its issuer valid at the time"),
    ("key-statement-signature", E, "a proof of a key statement does not verify"),
    ("site-url", E, "mkdocs.yml is missing or has no https site_url"),
    ("site-url-changed", E, "no signed file is under site_url: it changed after credentials were signed"),
    ("demo-site-url", W, "site_url is the demo registry's address, but an issuer is not demo content"),
    # Pull request review (credreg review): a change the base revision's rules refuse
    ("review-owner", E, "an issuer's files changed by someone who is not its maintainer at base"),
    ("review-admission", E, "a new issuer not admitted by a registry maintainer"),
    ("review-accreditor", E, "an issuer made an accreditor by someone who is not a registry maintainer"),
    ("review-acceptance", E, "an endorsement added that the endorsed issuer had not accepted at base"),
    ("review-site-code", E, "a file outside the issuer folders changed by someone who is not a registry maintainer"),
    ("review-mixed", E, "site or registry code changed in the same pull request as issuer data"),
    ("review-history", E, "an award, revocation, used rubric version, key or status list bit taken back"),
    ("review-key", E, "a key added without its key-change statement, or a public key of another issuer"),
)

PROBLEM_CODES: dict[str, ProblemCode] = {code: ProblemCode(severity, meaning) for code, severity, meaning in _TABLE}
