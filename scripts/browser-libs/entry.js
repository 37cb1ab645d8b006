// The bundle's entry: jsonld.js (with rdf-canonize inside it) and cborg's decoder, as one ES module for the
// /verify/ page.
import jsonld from "jsonld";
import { decode } from "cborg";

export default jsonld;
export const canonize = jsonld.canonize;
export const cborDecode = decode;
