// Types for the few `natural` submodules the matcher imports directly. The package root
// loads every module (and, from 6.11 on, database drivers), so we never import it; its own
// declarations only cover the root, hence these narrow ones.

declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  const PorterStemmer: { stem(token: string): string };
  export default PorterStemmer;
}

declare module 'natural/lib/natural/distance/levenshtein_distance.js' {
  export function DamerauLevenshteinDistance(
    source: string,
    target: string,
    options?: {
      insertion_cost?: number;
      deletion_cost?: number;
      substitution_cost?: number;
      transposition_cost?: number;
      restricted?: boolean;
    },
  ): number;
}
