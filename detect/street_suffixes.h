/* street_suffixes.h — private to detect/ (address_words.c, for
 * postal_address.c): the words that end a street's name after its house
 * number ("12 Howell Shoal", "7 Maria Cross"), as data.
 *
 * Sources: the street suffix names of USPS Publication 28, appendix C1
 * (the primary names, not their abbreviations), as Faker's en_US provider
 * lists them (faker/providers/address/en_US/__init__.py, street_suffixes),
 * and the Australian street types of Faker's en_AU provider (AS/NZS 4819's
 * list; multi-word types such as "Right Of Way" left out; Faker's "Via",
 * which USPS has only as Viaduct's abbreviation and prose has as a
 * preposition, left out: Via leads Italian names). Lower case,
 * sorted, each once. Only words: this file holds no code and no value.
 *
 * Weak words (Hill, Park, View, Way, Run, Key...) are safe here because the
 * parser takes one only between a house number and a postcode/city or an
 * address label.
 */
#ifndef PM_STREET_SUFFIXES_H
#define PM_STREET_SUFFIXES_H

/* X(word) for each word. */
#define PM_STREET_SUFFIXES(X) \
    X("access") X("alley") X("alleyway") X("amble") X("anchorage") X("annex") X("approach") \
    X("arcade") X("artery") X("avenue") X("basin") X("bayou") X("beach") X("bend") \
    X("block") X("bluff") X("bluffs") X("bottom") X("boulevard") X("brace") X("brae") \
    X("branch") X("break") X("bridge") X("broadway") X("brook") X("brooks") X("brow") \
    X("burg") X("burgs") X("bypass") X("byway") X("camp") X("canyon") X("cape") \
    X("causeway") X("center") X("centers") X("centre") X("centreway") X("chase") X("circle") \
    X("circles") X("circlet") X("circuit") X("circus") X("cliff") X("cliffs") X("close") \
    X("club") X("colonnade") X("common") X("concourse") X("copse") X("corner") X("corners") \
    X("corso") X("course") X("court") X("courts") X("courtyard") X("cove") X("coves") \
    X("creek") X("crescent") X("crest") X("cross") X("crossing") X("crossroad") \
    X("crossroads") X("crossway") X("cruiseway") X("curve") X("cutting") X("dale") X("dam") \
    X("dell") X("deviation") X("dip") X("distributor") X("divide") X("drive") X("drives") \
    X("driveway") X("edge") X("elbow") X("end") X("entrance") X("esplanade") X("estate") \
    X("estates") X("expressway") X("extension") X("extensions") X("fairway") X("fall") \
    X("falls") X("ferry") X("field") X("fields") X("firetrail") X("flat") X("flats") \
    X("follow") X("footway") X("ford") X("fords") X("foreshore") X("forest") X("forge") \
    X("forges") X("fork") X("forks") X("formation") X("fort") X("freeway") X("front") \
    X("frontage") X("gap") X("garden") X("gardens") X("gate") X("gates") X("gateway") \
    X("glade") X("glen") X("glens") X("grange") X("green") X("greens") X("ground") \
    X("grove") X("groves") X("gully") X("harbor") X("harbors") X("harbour") X("haven") \
    X("heights") X("highroad") X("highway") X("hill") X("hills") X("hollow") X("inlet") \
    X("interchange") X("intersection") X("island") X("islands") X("isle") X("junction") \
    X("junctions") X("key") X("keys") X("knoll") X("knolls") X("lake") X("lakes") X("land") \
    X("landing") X("lane") X("laneway") X("lees") X("light") X("lights") X("line") X("link") \
    X("little") X("loaf") X("lock") X("locks") X("lodge") X("lookout") X("loop") X("lower") \
    X("mall") X("manor") X("manors") X("meadow") X("meadows") X("meander") X("mew") \
    X("mews") X("mill") X("mills") X("mission") X("motorway") X("mount") X("mountain") \
    X("mountains") X("neck") X("nook") X("orchard") X("outlook") X("oval") X("overpass") \
    X("parade") X("park") X("parklands") X("parks") X("parkway") X("parkways") X("part") \
    X("pass") X("passage") X("path") X("pathway") X("piazza") X("pike") X("pine") X("pines") \
    X("place") X("plain") X("plains") X("plateau") X("plaza") X("pocket") X("point") \
    X("points") X("port") X("ports") X("prairie") X("promenade") X("quad") X("quadrangle") \
    X("quadrant") X("quay") X("quays") X("radial") X("ramble") X("ramp") X("ranch") \
    X("range") X("rapid") X("rapids") X("reach") X("reserve") X("rest") X("retreat") \
    X("ride") X("ridge") X("ridges") X("ridgeway") X("ring") X("rise") X("river") \
    X("riverway") X("riviera") X("road") X("roads") X("roadside") X("roadway") X("ronde") \
    X("rosebowl") X("rotary") X("round") X("route") X("row") X("rue") X("run") X("shoal") \
    X("shoals") X("shore") X("shores") X("siding") X("skyway") X("slope") X("sound") \
    X("spring") X("springs") X("spur") X("spurs") X("square") X("squares") X("stairs") \
    X("station") X("steps") X("strand") X("stravenue") X("stream") X("street") X("streets") \
    X("strip") X("subway") X("summit") X("tarn") X("terrace") X("thoroughfare") \
    X("throughway") X("tollway") X("top") X("tor") X("towers") X("trace") X("track") \
    X("trafficway") X("trail") X("trailer") X("triangle") X("trunkway") X("tunnel") \
    X("turn") X("turnpike") X("underpass") X("union") X("unions") X("upper") X("vale") \
    X("valley") X("valleys") X("viaduct") X("view") X("views") X("village") \
    X("villages") X("villas") X("ville") X("vista") X("wade") X("walk") X("walks") \
    X("walkway") X("wall") X("way") X("ways") X("well") X("wells") X("wynd")


#endif
