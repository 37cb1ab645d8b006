// The bundle's entry: jsonld.js (with rdf-canonize inside it) as one ES module for the /verify/ page.
import jsonld from "jsonld";

export default jsonld;
export const canonize = jsonld.canonize;
