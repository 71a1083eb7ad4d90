package score

import (
	"slices"
	"strconv"
	"strings"
)

// Phrase rules catch what no word list can: implicit insults ("tu sers à
// rien", "nobody asked you"), threats, hate aimed at a group, spam and scam
// patterns. They are written in a small language over folded tokens (lower
// case, no accents, apostrophes and hyphens split):
//
//	category weight | slot slot ~N slot ...
//
// A slot is alternatives split by |, each of one word or of several joined
// by +; @name is a named set; * is any word; <num> a number; <url>,
// <shortlink>, <chatlink>, <email>, <phone> the extracted entities. ~N
// lets up to N other tokens come before the next slot. A rule whose slots
// are joined by & is a bag: its slots may appear anywhere, in any order.
var ruleSets = map[string]string{
	"you_are":        "you+re|you+are|youre|ur|u+r|u+are|you+r|you+guys+are|yall+are|you+people+are|your+a|your+an",
	"tu_es":          "t+es|tu+es|tes|t+est|tu+est|t+es+vraiment|tu+es+vraiment|t+es+trop|t+es+grave|t+as+l+air|t+es+juste|t+es+qu+une|t+es+qu+un",
	"vous_etes":      "vous+etes|vs+etes|vous+etes+vraiment|vous+etes+des|vous+etes+que+des",
	"insult_adj_en":  "idiot|idiots|moron|morons|stupid|dumb|clown|clowns|joke|loser|losers|pathetic|worthless|disgrace|failure|ugly|fat|disgusting|pig|retard|imbecile|waste+of+space|waste+of+oxygen|embarrassment|brainless|trash|garbage",
	"insult_adj_fr":  "con|conne|cons|debile|debiles|bete|stupide|idiot|idiote|abruti|abrutie|nul|nulle|moche|laid|laide|gros|grosse|pathetique|ridicule|pitoyable|minable|attarde|attardee|mongol|teube|cretin|cretine|bouffon|bouffonne|une+merde|un+dechet|une+honte|un+clown|un+guignol|une+blague|un+boulet|un+incapable|une+incapable|un+bon+a+rien|bon+a+rien|une+tache|un+rat|un+minable|un+loser|un+looser|une+grosse|un+gros",
	"kill_en":        "kill|murder|shoot|stab|strangle|hurt|slap|punch|choke|rape|behead|beat+up|beat+the+shit+out+of",
	"kill_fr":        "tuer|tue|buter|bute|egorger|egorge|defoncer|defonce|frapper|frappe|cramer|eclater|eclate|massacrer|violer|planter|saigner|tabasser|tabasse|crever|pendre|decapiter|faire+la+peau|casser+la+gueule|peter+la+gueule|niquer+ta+mere",
	"intent_en":      "i+ll|ill|i+will|i+m+gonna|im+gonna|i+am+gonna|i+m+going+to|im+going+to|i+am+going+to|gonna|we+ll|we+will|we+re+gonna|someone+should|somebody+should|i+want+to|i+wanna|imma|ima|i+ma|i+should|i+could|i+would",
	"intent_fr":      "je+vais|j+vais|jvais|je+vais+aller|on+va|ils+vont|nous+allons|je|j|on|on+devrait|faut|il+faut|je+veux|je+vais+venir|on+vient",
	"pron_fr":        "te|t|vous|toi",
	"group_en":       "muslims|jews|blacks|gays|immigrants|migrants|refugees|arabs|mexicans|asians|chinese|women|trans|africans|gypsies|lesbians|homosexuals|jewish+people|black+people|gay+people|muslim+people|foreigners|indians|latinos|queers|transgenders|disabled+people|illegals|illegal+immigrants",
	"group_fr":       "musulmans|juifs|noirs|arabes|gays|homos|immigres|immigrees|migrants|refugies|femmes|trans|roms|gitans|asiatiques|chinois|africains|lesbiennes|homosexuels|etrangers|maghrebins|renois|rebeus|beurs|handicapes|feujs",
	"group1_fr":      "arabe|arabes|juif|juifs|juive|noir|noirs|noire|negre|negres|musulman|musulmans|musulmane|immigre|immigres|migrant|migrants|pd|pede|pedes|gouine|gouines|bougnoule|bougnoules|rebeu|renoi|feuj|chinois|chinetoque|gitan|gitans|rom|roms|etranger|etrangers|homo|homos|tapette|negro|bicot|youpin|bamboula",
	"dehum_en":       "animals|vermin|rats|cockroaches|parasites|subhuman|subhumans|savages|apes|monkeys|scum|filth|trash|garbage|disease|cancer|plague|pigs|dogs|inferior|not+human|should+die|should+be+killed|should+be+shot|should+be+deported|should+be+exterminated|should+be+gassed|must+die|need+to+die|don+t+belong+here|dont+belong+here|deserve+to+die|are+a+disease|ruin+everything|are+ruining|breed+like",
	"dehum_fr":       "inferieures|inferieure|a+la+cuisine|animaux|vermine|rats|cafards|parasites|sous+hommes|sauvages|singes|ordures|dechets|racaille|cancer|peste|chiens|porcs|inferieurs|doivent+mourir|doivent+crever|a+exterminer|faut+les+exterminer|faut+tous+les|dehors|hors+de+france|rentrez+chez+vous|retournez+chez+vous|n+ont+rien+a+faire+ici|meritent+de+crever|remplacement|envahisseurs|se+reproduisent",
	"insult_noun_en": "shit|bitch|prick|twat|dick|cunt|idiot|idiots|moron|morons|asshole|assholes|bastard|bastards|clown|clowns|jackass|dumbass|dipshit|scumbag|loser|losers|retard|wanker|tosser|piece+of+shit|piece+of+garbage|piece+of+trash|pig|rat|snake|coward|fraud|freak|creep|muppet|twit|numpty",
	"insult_noun_fr": "naze|nase|nazes|loser|looser|tocard|tocards|con|conne|connard|connasse|abruti|abrutie|debile|cretin|cretine|idiot|idiote|bouffon|guignol|minable|blaireau|tocard|baltringue|bolosse|batard|salaud|salope|enfoire|encule|merdeux|nul|nulle|clown|rat|lache|menteur|menteuse",
	"come_see":       "viens+voir|venez+voir|va+voir|allez+voir|visite|visitez|check|check+out|see|voir|jette+un+oeil+a|jetez+un+oeil+a|decouvrez|decouvre|passe+sur|passez+sur|go+to|visit",
	"sell":           "vends|vend|vendre|sell|selling|sells|buy|acheter|achete|achetez|pas+cher|pas+chers|cheap|offre|boost|booster",
	"link":           "<url>|<shortlink>|<chatlink>",
	"crypto":         "bitcoin|btc|crypto|cryptos|cryptocurrency|cryptomonnaie|cryptomonnaies|ethereum|eth|usdt|forex|trading|trader|binance|nft|nfts|mining|minage|bourse|investment|investments|investissement|investir|invest|investing|portfolio",
	"promise":        "profit|profits|returns|return|earn|earned|earning|earnings|gagner|gagne|gains|rendement|benefice|benefices|double|doubler|doubled|x2|x3|x5|x10|x100|guaranteed|garanti|garantis|garantie|passive+income|revenu+passif|revenus+passifs|per+day|par+jour|per+week|par+semaine|a+day|daily|weekly|account+manager|mentor|expert|signals|signaux|financial+freedom|liberte+financiere",
	"money_verb":     "earn|earned|earning|make|made|making|gagner|gagne|gagnez|toucher|touche|receive|recevoir|recu|pay+out|paid|payout|withdraw|withdrew|retire",
	"money_rate":     "per+day|a+day|par+jour|per+week|a+week|par+semaine|par+mois|per+month|a+month|daily|weekly|from+home|depuis+chez+vous|depuis+chez+moi|de+chez+moi|de+chez+vous|from+my+phone|sans+rien+faire|without+doing|in+24+hours|en+24h|en+une+semaine|in+one+week|in+a+week|within|this+week|this+month|cette+semaine|ce+mois+ci|last+week|la+semaine+derniere",
	"win":            "won|win|winner|winners|gagnant|gagnante|gagnants|selected|selectionne|selectionnee|chosen|lucky|felicitations|congratulations|congrats|bravo+vous+avez|you+have+been",
	"claim":          "claim|reclamer|reclamez|reclame|click|cliquez|clique|cliquer|dm|mp|inbox|via+le+lien|sur+le+lien|the+link|this+link|le+lien|whatsapp|telegram|recuperer|recuperez|<url>|<shortlink>|<chatlink>|<phone>",
	"prize":          "giveaway|concours|tirage|prize|gift|cadeau|iphone|reward|recompense|voucher|bon+d+achat|carte+cadeau|gift+card|lot|prix|ps5|macbook|airpods|cash",
	"fake_support":   "our+support|our+team|our+agents|notre+equipe|notre+service|notre+support|nos+conseillers|official+support|support+officiel|service+officiel|official+page|page+officielle|we+are+the|nous+sommes+le|nous+sommes+l|account+recovery|verification+team|equipe+de+verification|contact+our|contactez+notre",
	"go_private":     "dm|mp|whatsapp|telegram|via+le+lien|click|cliquez|ecrivez+nous|message+us|contact+us|contactez+nous|send+us|envoyez+nous|reach+out+to|text+us|write+to+us|<url>|<shortlink>|<chatlink>|<phone>|<email>",
	"credentials":    "login|log+in|password|mot+de+passe|verify|verification|verifier|identifiants|account+details|card+details|card+number|numero+de+carte|code|pin|suspended|suspendu|suspendue|locked|bloque|bloquee|restore|recover|recuperer|formulaire|form|credentials|seed|recovery+phrase|wallet|disabled|desactive|desactivee|deleted|supprime",
	"chat_app":       "whatsapp|whats+app|watsap|wtsp|watsapp|telegram|signal|viber|wechat|wa",
	"chat_only":      "whatsapp|whats+app|watsap|wtsp|watsapp|telegram|viber|wechat",
}

var ruleTable = []string{
	// Implicit insults: no swear word, the phrase does the work.
	"insult 0.8 | @you_are ~2 @insult_adj_en",
	"insult 0.8 | @tu_es ~1 @insult_adj_fr",
	"insult 0.5 | @vous_etes ~1 @insult_adj_fr",
	"insult 0.75 | t+es+qu+un|t+es+qu+une|tu+n+es+qu+un|tu+n+es+qu+une|tu+es+qu+un|tes+qu+un|tes+qu+une|t+es+rien+qu+un|t+es+juste+un|t+es+juste+une|t+es+vraiment+qu+un|vous+n+etes+que+des|vous+etes+que+des|vs+etes+que+des *",
	"insult 0.8 | tu+sers+a+rien|tu+sers+a+rien|tu+ne+sers+a+rien|tu+sert+a+rien|t+sers+a+rien|tu+sers+a+quoi|tu+sers+vraiment+a+rien",
	"insult 0.5 | vous+servez+a+rien|vous+ne+servez+a+rien|vous+servez+vraiment+a+rien",
	"insult 0.75 | espece+de|espece+d|espece+d+un|espece+d+une *",
	"insult 0.8 | bande+de|bande+d cons|connards|nuls|guignols|idiots|abrutis|bouffons|clowns|rigolos|baltringues|tocards|charlots|branleurs|batards|encules|tares|debiles|incapables|imbeciles|cretins|fils+de+pute|salauds|chiens|rats|pourris",
	"insult 0.55 | bande+de|bande+d voleurs|escrocs|menteurs|arnaqueurs|incompetents",
	"insult 0.85 | sale|sales|gros|grosse|pauvre|vieux|vieille|petit|petite con|conne|cons|pute|chien|chienne|type|rat|merde|bete|porc|truie|connard|connasse|debile|abruti|guignol|bouffon|menteur|menteuse|voleur|minable|clown|idiot|idiote|vache|nul|nulle|loser",
	"insult 0.75 | go+back+to+school|go+back+to+kindergarten|go+back+to+middle+school|did+you+even+finish+school|did+you+finish+school|learn+to+read|learn+how+to+read|learn+to+spell|can+you+even+read|can+t+even+read|cant+even+read|who+raised+you|were+you+dropped|room+temperature+iq|low+iq|brain+dead|braindead|no+brain|iq+of+a",
	"insult 0.75 | retourne+a+l+ecole|retourne+en+maternelle|retourne+jouer|va+jouer+aux+billes|apprends+a+lire|va+apprendre+a+lire|tu+sais+lire|tu+sais+pas+lire|t+as+pas+de+cerveau|t+as+un+pois+chiche|cerveau+de+moineau|qi+d+une+huitre|qi+d+un|t+as+pas+invente|sans+cerveau|pas+de+cerveau",
	"insult 0.7 | you+re+a+joke|you+are+a+joke|what+a+clown|what+a+loser|what+an+idiot|what+a+moron|what+a+joke+you+are|you+re+pathetic|you+are+pathetic|shame+on+you+idiot|quel+con|quelle+conne|quel+abruti|quel+bouffon|quel+guignol|quel+idiot|quelle+idiote|quel+boulet|quel+loser|quel+nul",
	"insult 0.9 | fuck+you|fuck+u|f+you|fuck+off|fuck+yourself|screw+you|up+yours|eat+shit|suck+my+dick|go+fuck+yourself|va+te+faire+foutre|va+te+faire+enculer|allez+vous+faire+foutre|allez+vous+faire+enculer|va+chier|allez+chier|va+te+faire+mettre|je+t+emmerde|je+vous+emmerde|nique+ta+mere|nique+ta+race|nique+vous|niquez+vos+meres",
	"insult 0.6 | va+te+faire+voir|allez+vous+faire+voir|piss+off|sod+off|go+to+hell|va+au+diable|allez+au+diable",
	"insult 0.85 | you|u|ya|ur ~2 @insult_noun_en",
	"insult 0.85 | toi+le|toi+la|hey|eh|oh|ta+gueule ~1 @insult_noun_fr",
	"insult 0.8 | are+you|r+u|are+u|r+you|es+tu|etes+vous ~3 @insult_adj_en|@insult_adj_fr",
	"insult 0.8 | bunch+of|pack+of|band+of|bande+de|bande+d|tas+de ~1 @insult_noun_en|@insult_noun_fr|muppets|clowns|nazes|guignols|rigolos",
	"insult 0.75 | quel|quelle|what+a|what+an|such+a|such+an ~2 @insult_noun_en|@insult_noun_fr",
	// Harassment: pushing a person away or to harm.
	"harassment 0.95 | kill+yourself|kill+urself|kill+your+self|go+kill+yourself|neck+yourself|end+yourself|unalive+yourself|kys|suicide+toi|suicidez+vous|va+te+suicider|allez+vous+suicider|tue+toi|va+te+tuer|va+te+pendre|pends+toi|jette+toi+sous+un+train|jette+toi+d+un+pont",
	"harassment 0.8 | nobody+asked|no+one+asked|noone+asked|who+asked|nobody+asked+you|nobody+likes+you|no+one+likes+you|everyone+hates+you|everybody+hates+you|personne+t+a+sonne|personne+ne+t+a+sonne|on+t+a+pas+sonne|on+t+a+rien+demande|personne+ne+t+a+demande|personne+t+a+demande|qui+t+a+demande|qui+t+a+sonne|personne+ne+t+aime|tout+le+monde+te+deteste|tout+le+monde+te+hait|on+t+a+pas+demande+ton+avis",
	"harassment 0.85 | ta+gueule|ferme+ta+gueule|fermez+vos+gueules|fermez+votre+gueule|ta+yeule|ferme+ta+bouche|ferme+ta+grande+bouche|shut+the+fuck+up|shut+your+mouth|shut+your+face",
	"harassment 0.75 | personne|nobody|no+one|noone ~2 demande|sonne|asked|cares|wants+your",
	"harassment 0.6 | shut+up|get+lost|get+a+life|go+away|nobody+cares|no+one+cares|casse+toi|cassez+vous|barre+toi|tire+toi|degage|degagez|va+jouer+ailleurs|retourne+dans+ta+grotte|retourne+sous+ton+pont|crawl+back+under+your+rock",
	"harassment 0.45 | ferme+la|la+ferme|fermez+la|osef",
	"harassment 0.85 | va+crever|allez+crever|crevez|creve+la|j+espere+que+tu+vas+crever|j+espere+que+tu+creves|j+espere+que+vous+allez+crever|hope+you+die|hope+u+die|i+hope+you+die|go+die|die+in+a+fire|drop+dead|just+die",
	// Threats of violence.
	"threat 0.9 | @intent_en ~2 @kill_en ~1 you|u|ya|yall|y+all|ya+ll|all+of+you|your+family|your+kids|your+wife",
	"threat 0.9 | @intent_en ~2 burn|bomb|blow+up|shoot+up|torch|attack|smash ~2 your|ur|the|this|that ~1 store|shop|office|house|building|restaurant|agency|hq|headquarters|factory|place|warehouse",
	"threat 0.9 | @intent_fr ~1 @pron_fr ~1 @kill_fr",
	"threat 0.9 | @intent_fr ~2 bruler|cramer|faire+sauter|incendier|attaquer|saccager|defoncer|exploser ~2 votre|ton|ta|vos|le|la|les|tes ~1 magasin|magasins|boutique|boutiques|agence|agences|locaux|usine|siege|maison|resto|restaurant|bureau|bureaux|entrepot",
	"threat 0.85 | i+know+where+you+live|i+know+where+u+live|we+know+where+you+live|watch+your+back|you+re+dead|youre+dead|ur+dead|you+are+dead|you+re+a+dead+man|sleep+with+one+eye+open|you+won+t+see+it+coming|count+your+days|your+days+are+numbered|i+ll+find+you|i+will+find+you|we+will+find+you|i+m+coming+for+you|im+coming+for+you",
	"threat 0.85 | je+sais+ou+tu+habites|je+sais+ou+vous+habitez|on+sait+ou+tu+habites|on+sait+ou+vous+habitez|je+connais+ton+adresse|je+connais+votre+adresse|t+es+mort|t+es+un+homme+mort|tu+es+mort|vous+etes+morts|vous+etes+mort|tes+jours+sont+comptes|vos+jours+sont+comptes|je+vais+te+retrouver|on+va+te+retrouver|je+vais+vous+retrouver|on+va+vous+retrouver|je+viens+te+chercher|fais+gaffe+a+toi|faites+gaffe+a+vous|gare+a+toi|gare+a+vous",
	"threat 0.5 | you+will+regret|you+ll+regret|you+will+pay+for|you+ll+pay+for|tu+vas+le+payer|vous+allez+le+payer|tu+vas+le+regretter|vous+allez+le+regretter|tu+vas+le+sentir|vous+allez+le+sentir",
	"threat 0.95 | kill+all|shoot+all|death+to|gas+all|exterminate+all|exterminate+the|hang+all @group_en",
	"threat 0.95 | mort+aux|mort+a|tuer+tous+les|exterminer+les|gazer+les|pendre+les|cramer+les @group_fr",
	// Hate against protected groups.
	"hate 0.9 | @group_en ~5 @dehum_en",
	"hate 0.9 | @group_fr ~5 @dehum_fr",
	"hate 0.9 | sale|sales|dirty|filthy|sales+race+de|sale+race+de @group1_fr",
	"hate 0.9 | dirty|filthy|stupid|fucking dyke|jew|arab|muslim|immigrant|mexican|chink|paki",
	"hate 0.95 | mort+aux|death+to|kill+all|mort+a @group_en",
	"hate 0.95 | mort+aux|mort+a|tuer+tous+les|exterminer+les|gazer+les|pendre+les|cramer+les @group_fr",
	"hate 0.85 | go+back+to+your+country|go+back+where+you+came+from|go+back+to+africa|go+back+to+mexico|go+back+to+your+own+country|retourne+dans+ton+pays|rentre+dans+ton+pays|retournez+dans+votre+pays|rentrez+dans+votre+pays|retourne+au+bled|rentre+au+bled|retourne+chez+toi+sale|rentre+chez+toi+sale|la+france+aux+francais|race+inferieure|inferior+race|sous+race|sale+race",
	// Sexual harassment.
	"sexual 0.85 | send+nudes|send+me+nudes|send+pics|show+me+your+tits|show+me+your+boobs|show+your+tits|sit+on+my+face|nice+tits|nice+ass|lick+my|suck+my|suce+ma|suce+mon|suce+moi|suces+ma|montre+tes+seins|montre+moi+tes+seins|envoie+des+nudes|envoie+moi+des+photos|t+es+bonne|tu+es+bonne|t+es+trop+bonne|je+te+baiserais|je+vais+te+baiser|je+te+prendrais|beau+cul|belle+paire|jolis+seins|plan+cul|plans+cul|wanna+fuck|want+to+fuck|let+s+fuck|on+baise",
	"sexual 0.8 | send|show|envoie|envoies|envoyez|montre|montres ~2 pics|pic|photos|photo|nudes|nude|tits|boobs|seins|fesses ~4 of+you|de+toi|bikini|naked|nue|nu|sexy|lingerie|yourself|maillot|toute+nue",
	"sexual 0.8 | hot+singles|singles+in+your+area|sexy+girls|cam+girls|camgirls|onlyfans|only+fans|my+of|adult+dating|rencontres+coquines|rencontre+coquine|filles+chaudes|femmes+chaudes|nudes+in+bio|nudes+in+my+bio|18+content|contenu+18|contenu+adulte|adult+content",
	// Spam: sending readers elsewhere, self-promotion.
	"spam 0.5 | dm+me|pm+me|inbox+me|message+me|text+me|hit+me+up|write+to+me|email+me|whatsapp+me|dm+us|ecris+moi|ecrivez+moi|contacte+moi|contactez+moi|mp+moi|envoie+moi+un+message|envoyez+moi+un+message|envoie+moi+un+mp|viens+en+prive|venez+en+prive|ecris+moi+en+prive|ecrivez+moi+en+prive|ecris+moi+en+mp",
	"spam 0.75 | check+my+bio|link+in+bio|link+in+my+bio|check+my+profile|visit+my+profile|check+out+my|check+my+page|visit+my+page|visit+my+channel|follow+me|follow+back|follow+for+follow|f4f|l4l|sub4sub|follow4follow|subscribe+to+my|my+channel|my+onlyfans|my+shop|my+store|buy+followers|cheap+followers|more+followers|free+followers|grow+your+page|grow+your+account|promote+your|promotion+for+your|dm+for+collab|dm+for+promo|dm+for+promotion|send+it+to|brand+ambassador|lien+dans+ma+bio|lien+en+bio|va+voir+mon+profil|allez+voir+mon+profil|venez+voir+mon+profil|abonne+toi|abonnez+vous+a+ma|abonnez+vous+a+mon|suivez+moi|suis+moi|ma+chaine|ma+boutique|mon+site|acheter+des+abonnes|plus+d+abonnes|abonnes+gratuits|booster+ton+compte|booster+votre+compte|booster+votre+page|visite+mon+profil",
	"spam 0.75 | @come_see ~1 mon|ma|my|our|notre|nos|mes profil|profile|page|compte|account|bio|chaine|channel|boutique|shop|store|site|website|insta|instagram|tiktok|youtube|onlyfans",
	"spam 0.75 | @sell & followers|abonnes|likes|vues|views|subscribers|abonnements|j+aime",
	"spam 0.8 | gagner|gagne|grow|get|more|plus+d|boost|booster|augmenter|increase|avoir & followers|abonnes|likes|vues|views|subscribers & dm|mp|en+prive|contacte+moi|contactez+moi|ecris+moi|ecrivez+moi|inbox|whatsapp|telegram|my+page|ma+page|link+in+bio|lien+en+bio|<mention>",
	"spam 0.6 | dm|contact|contactez|contacte|message|write+to|ecris+a|ecrivez+a|text|follow|suivez|reach+out+to|inbox|ajoute|add|abonne+toi+a|abonnez+vous+a ~1 <mention>",
	"spam 0.45 | promo+code|use+code|use+my+code|discount+code|code+promo|mon+code|avec+mon+code|link+below|lien+ci+dessous|click+here|cliquez+ici|clique+ici|free+money|argent+facile|easy+money|100+free|gratuitement+ici",
	"spam 0.35 | en+mp|en+dm|en+prive|in+dm|in+my+dm|in+my+dms|via+dm",
	"spam 0.4 | <url>",
	"spam 0.55 | <shortlink>|<chatlink>",
	"spam 0.45 | <phone>",
	"spam 0.3 | <email>",
	// Scams: money promises, fake giveaways, fake support, chat apps.
	"scam 0.8 | @crypto & @promise",
	"scam 0.75 | @money_verb & <money> & @money_rate",
	"scam 0.8 | @win & @claim & @prize",
	"scam 0.75 | @fake_support & @go_private",
	"scam 0.9 | @fake_support|officiel|officielle|official & @go_private & @credentials",
	"scam 0.75 | recover+your|recover+hacked|recover+lost|restore+your|unlock+your|recuperer+votre|recuperez+votre|recuperer+ton|debloquer+votre|hacked+account|hacked+accounts|compte+pirate|comptes+pirates|lost+crypto|lost+funds|fonds+perdus & dm|contact|contactez|whatsapp|telegram|inbox|message|<mention>|<chatlink>|<phone>|<email>",
	"scam 0.85 | <phone> & @chat_app",
	"scam 0.8 | <chatlink>",
	"scam 0.7 | <shortlink> & dm|click|claim|free|gratuit|gratuite|win|gagner|offer|offre|promo|bonus|cliquez|clique|gift|cadeau|crypto|bitcoin|money|argent",
	"scam 0.5 | @chat_only & dm|contact|contactez|contacte|ecris|ecrivez|text|join|rejoins|rejoignez|add|ajoute|ajoutez|inbox",
	"scam 0.7 | your+account|votre+compte|ton+compte ~3 will+be|has+been|a+ete|sera|va+etre ~1 suspended|disabled|deleted|locked|restricted|suspendu|desactive|supprime|bloque|ferme",
	// Complaint cues: a customer who needs an answer.
	"complaint 0.55 | still+waiting|still+no|still+not|no+reply|no+response|no+answer|never+arrived|never+received|haven+t+received|havent+received|didn+t+receive|did+not+receive|not+received|where+is+my|wheres+my|where+s+my|refund|money+back|charged+twice|double+charged|waste+of+money|fix+this|doesn+t+work|does+not+work|not+working|stopped+working|worst+service|worst+customer|unacceptable|disappointed|disappointing|ridiculous|customer+service|on+hold|hours+on+hold|never+again|not+coming+back|switching+provider|switching+to|overpriced|price+increase|prices+went+up|closed+my+ticket|ignored+us|ignored+me|so+rude|very+rude|sort+it+out|how+you+treat|shame+on+you",
	"complaint 0.55 | toujours+pas|toujours+rien|j+attends|on+attend|attends+toujours|aucune+reponse|pas+de+reponse|sans+reponse|jamais+recu|pas+recu|jamais+arrive|rembourse|remboursement|remboursez|rembourser|service+client|sav|inexistant|honteux|honte|scandaleux|scandale|inadmissible|inacceptable|decu|decue|decevant|decevante|lamentable|catastrophique|arnaque|arnaqueurs|plus+jamais|en+panne|ne+marche+pas|marche+pas|fonctionne+pas|ne+fonctionne+plus|debite+deux+fois|preleve+deux+fois|personne+ne+repond|ou+est+mon|ou+est+ma|ou+en+est|jamais+venu|jamais+venue|pour+rien|inutilisable|corrigez|c+est+du+vol|du+vol|prix+augmentent|toujours+le+meme+probleme|meme+probleme|geste+commercial|raccroche+au+nez|on+se+fout+de+nous|foutez+de+nous|n+importe+quoi|pas+serieux|je+resilie|resilier|plus+jamais",
	// Accusations of fraud against the brand: possibly defamatory, possibly
	// a wronged customer; a person reads them.
	"complaint 0.6 | @vous_etes|@you_are|bande+de|bande+d ~1 voleurs|escrocs|menteurs|arnaqueurs|charlatans|thieves|crooks|scammers|liars|frauds|fraudsters",
	"complaint 0.3 | colis|commande|livraison|livreur|retard|order|delivery|package|parcel|delay|delayed|late|bug|bugs|broken|casse|abime|damaged|refund|rembourse|semaines|weeks|jours|days|mois|months|hours|heures|cancel|annuler|prix|prices|price|quality|qualite|support|technicien|technician|ticket|update|mise+a+jour|store|magasin|staff|vendeurs|service",
}

// slot is one step of a rule.
type slot struct {
	alts  [][]string
	byKey map[string][]int32 // alternatives by first word
	any   bool               // * : any word
	gap   int                // tokens that may come before this slot
}

type rule struct {
	category category
	weight   float64
	text     string
	slots    []slot
	bag      bool
}

// rules indexes sequence rules by the first word of their first slot, and
// bag rules by every first word of every slot.
type rules struct {
	list  []rule
	first map[string][]int32
	bag   map[string][][2]int32 // word -> (rule, slot)
	bags  []int32
}

func compileRules(table []string, sets map[string]string) *rules {
	rs := &rules{first: map[string][]int32{}, bag: map[string][][2]int32{}}
	for _, line := range table {
		head, pattern, ok := strings.Cut(line, " | ")
		fields := strings.Fields(head)
		if !ok || len(fields) != 2 {
			panic("score: bad rule " + line)
		}
		c, ok := categoryByName[fields[0]]
		w, err := strconv.ParseFloat(fields[1], 64)
		if !ok || err != nil {
			panic("score: bad rule head " + line)
		}
		r := rule{category: c, weight: w, text: pattern, bag: strings.Contains(pattern, " & ")}
		var elems []string
		if r.bag {
			elems = strings.Split(pattern, " & ")
		} else {
			elems = strings.Fields(pattern)
		}
		gap := 0
		for _, e := range elems {
			e = strings.TrimSpace(e)
			if strings.HasPrefix(e, "~") {
				gap, _ = strconv.Atoi(e[1:])
				continue
			}
			s := slot{gap: gap, any: e == "*"}
			gap = 0
			if !s.any {
				for _, alt := range strings.Split(e, "|") {
					if strings.HasPrefix(alt, "@") {
						set, ok := sets[alt[1:]]
						if !ok {
							panic("score: unknown rule set " + alt)
						}
						for _, a := range strings.Split(set, "|") {
							s.alts = append(s.alts, strings.Split(a, "+"))
						}
						continue
					}
					s.alts = append(s.alts, strings.Split(alt, "+"))
				}
			}
			s.byKey = map[string][]int32{}
			for ai, a := range s.alts {
				s.byKey[a[0]] = append(s.byKey[a[0]], int32(ai))
			}
			r.slots = append(r.slots, s)
		}
		id := int32(len(rs.list))
		rs.list = append(rs.list, r)
		if r.bag {
			rs.bags = append(rs.bags, id)
			for si, s := range r.slots {
				for _, a := range s.alts {
					rs.bag[a[0]] = append(rs.bag[a[0]], [2]int32{id, int32(si)})
				}
			}
			continue
		}
		for _, a := range r.slots[0].alts {
			rs.first[a[0]] = appendUnique(rs.first[a[0]], id)
		}
	}
	return rs
}

// appendUnique appends v unless s holds it.
func appendUnique[T comparable](s []T, v T) []T {
	if slices.Contains(s, v) {
		return s
	}
	return append(s, v)
}

// altAt reports how many tokens alternative a covers from token i, or 0.
func altAt(t *tokens, i int, a []string) int {
	if i+len(a) > len(t.toks) {
		return 0
	}
	for j, w := range a {
		tok := &t.toks[i+j]
		switch w {
		case "<num>":
			if tok.kind != kNumber {
				return 0
			}
			continue
		case "<money>":
			if !t.isMoney(i + j) {
				return 0
			}
			continue
		}
		if !t.hasForm(i+j, w) {
			return 0
		}
	}
	return len(a)
}

// slotAt reports how many tokens slot s covers from token i, or 0.
func slotAt(t *tokens, i int, s *slot) int {
	if s.any {
		if i < len(t.toks) && t.toks[i].kind != kEntity {
			return 1
		}
		return 0
	}
	if i >= len(t.toks) {
		return 0
	}
	n := 0
	keys(t, i, func(w string) {
		for _, ai := range s.byKey[w] {
			n = max(n, altAt(t, i, s.alts[ai]))
		}
	})
	return n
}

// matchFrom matches slots from token i and returns the end of the match.
func matchFrom(t *tokens, i int, slots []slot) (int, bool) {
	if len(slots) == 0 {
		return i, true
	}
	s := &slots[0]
	for g := 0; g <= s.gap && i+g < len(t.toks); g++ {
		if n := slotAt(t, i+g, s); n > 0 {
			if end, ok := matchFrom(t, i+g+n, slots[1:]); ok {
				return end, true
			}
		}
	}
	return 0, false
}

// isMoney reports an amount: a number written with a currency sign or a
// k, or followed by a currency word.
func (t *tokens) isMoney(i int) bool {
	tok := &t.toks[i]
	if tok.kind != kNumber {
		return false
	}
	if strings.ContainsAny(t.form(i, 0), "$€£k") {
		return true
	}
	if i+1 < len(t.toks) {
		switch t.form(i+1, 0) {
		case "euros", "euro", "eur", "dollars", "dollar", "usd", "usdt", "balles", "k", "pounds", "gbp":
			return true
		}
	}
	return false
}
