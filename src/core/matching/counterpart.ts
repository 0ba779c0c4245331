/**
 * Who an activity is aimed at, read from the shape of the phrase rather than from a list
 * of activities: one specific buyer ("one homeowner", "a specific donor", "a VIP client")
 * points to sales' one-to-one work; many people at once ("every diner", "all users",
 * "thousands of fans") points to marketing's mass audience. The article weighs this target
 * above the medium: a personal video for one prospect is still sales.
 */

/** Determiners that single out one party. */
const ONE = new Set(['one', '1', 'single', 'specific', 'particular', 'individual', 'certain']);
/** Weaker singular determiners: "a client", "this customer", "the prospect's". */
const A = new Set(['a', 'an', 'this', 'that', 'the', 'each', 'her', 'his', 'their']);
/** Determiners of many. */
const MANY = new Set(['every', 'all', 'whole', 'entire', 'many', 'thousands', 'millions', 'hundreds', 'everyone', 'everybody', 'anyone', 'anybody']);

/**
 * Parties that can be the other side of one deal, singular. A plural form ("clients")
 * or a party named after "many" words is an audience instead.
 */
const PARTY = new Set([
  'customer', 'client', 'prospect', 'buyer', 'purchaser', 'company', 'firm', 'business', 'hospital', 'clinic', 'school',
  'district', 'university', 'employer', 'shop', 'store', 'dealer', 'dealership', 'retailer', 'distributor', 'wholesaler', 'reseller',
  'owner', 'homeowner', 'landowner', 'family', 'couple', 'patient', 'tenant', 'donor', 'advertiser', 'account', 'oem', 'maker',
  'manufacturer', 'brand', 'restaurant', 'hotel', 'bank', 'agency', 'council', 'chain', 'practice', 'household', 'guest', 'shopper',
  'investor', 'sponsor', 'passenger', 'exhibitor', 'partner', 'lead', 'user', 'subscriber', 'member', 'visitor', 'person', 'dentist', 'doctor',
]);
/** Parties that are only a buyer when singled out strongly ("one brand", not "a brand" we build). */
const STRONG_ONLY = new Set(['brand', 'company', 'business', 'member', 'user', 'visitor', 'person', 'subscriber', 'household', 'chain', 'practice', 'partner', 'investor', 'sponsor']);
/** Audiences: plural people, when named as a group. */
const CROWD = new Set([
  'customers', 'clients', 'users', 'fans', 'players', 'diners', 'students', 'shoppers', 'visitors', 'viewers', 'readers', 'listeners',
  'followers', 'subscribers', 'members', 'residents', 'locals', 'people', 'buyers', 'consumers', 'parents', 'drivers', 'travellers',
  'travelers', 'guests', 'patients', 'donors', 'voters', 'gamers', 'community', 'public', 'audience', 'market', 'town', 'city', 'households',
]);

/** Plural parties that say little without "all"/"every": "ringing people who downloaded…" is still one by one. */
const BARE_TOO_VAGUE = new Set(['customers', 'clients', 'buyers', 'market', 'people', 'users', 'members', 'patients', 'guests', 'visitors']);
const NOT = new Set(['not', 'no', 'than', 'instead', 'without', 'never']);

export interface TargetEvidence {
  /** One specific counterpart: sales. */
  one: number;
  /** Many people at once: marketing. */
  many: number;
  /** Someone who sells to us ("our cloud vendor", "the landlord"): the company buying, neither side. */
  supplier: number;
}

/** Parties who sell to the company: dealing with them is buying, not selling or marketing. */
const SUPPLIER = new Set(['vendor', 'vendors', 'supplier', 'suppliers', 'landlord', 'contractor', 'contractors', 'provider', 'subcontractor']);
const OUR = new Set(['our', 'the', 'a', 'an', 'new', 'current']);

/** Evidence about the target in `words` (corrected, lower-case surface words of the activity and its context). */
export function targetEvidence(words: readonly string[]): TargetEvidence {
  let one = 0;
  let many = 0;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const strong = ONE.has(w);
    const weak = A.has(w);
    const mass = MANY.has(w) || (/^\d+$/.test(w) && Number(w) >= 10);
    if (!strong && !weak && !mass) continue;
    // "every single user", "each individual customer": a mass after all.
    if ((strong || weak) && (MANY.has(words[i - 1] ?? '') || words[i - 1] === 'each')) continue;
    // "rather than one person", "not a single client": the target is ruled out.
    if (NOT.has(words[i - 1] ?? '') || NOT.has(words[i - 2] ?? '')) continue;
    // Up to two modifiers between determiner and party: "one small business client", "a local car dealer".
    for (let k = i + 1; k <= i + 3 && k < words.length; k++) {
      const n = singular(words[k]!);
      if (mass && (CROWD.has(words[k]!) || PARTY.has(n))) {
        many += 3;
        break;
      }
      if (!mass && PARTY.has(n) && !CROWD.has(words[k]!)) {
        if (strong) one += 3.5;
        else if (!STRONG_ONLY.has(n) && w !== 'the' && w !== 'each') one += 2;
        else if (w === 'the' && POSSESSIVE.test(words[k]!)) one += 1.5;
        break;
      }
      if (A.has(words[k]!) || ONE.has(words[k]!) || MANY.has(words[k]!)) break;
    }
  }
  // A crowd named without a determiner: "for fans", "to pull in students", "so diners post".
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (!CROWD.has(w) || BARE_TOO_VAGUE.has(w)) continue;
    const prev = words[i - 1] ?? '';
    if (A.has(prev) || ONE.has(prev)) continue;
    many += 1.5;
  }
  let supplier = 0;
  for (let i = 0; i < words.length; i++) {
    if (!SUPPLIER.has(words[i]!)) continue;
    // "our cleaning vendor", "the landlord": within two words of a determiner.
    if (OUR.has(words[i - 1] ?? '') || OUR.has(words[i - 2] ?? '') || OUR.has(words[i - 3] ?? '')) supplier += 4;
  }
  return { one, many, supplier };
}

/** "homeowners" (from "homeowner's") → "homeowner"; the words arrive without apostrophes. */
const POSSESSIVE = /s$/;
function singular(w: string): string {
  return w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w;
}
