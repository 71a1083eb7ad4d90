package report

import "github.com/relais-dev/relais/internal/relais"

// labels are the report's words in each supported locale; every key is in
// both (TestLabelsComplete).
var labels = map[string]map[string]string{
	"en": {
		"title": "Community report", "period": "Period", "generated": "Generated on",
		"preparedBy": "Prepared by", "vsPrevious": "vs previous period", "new": "new", "same": "unchanged",
		"none":      "No activity in this period: nothing was published and no one interacted with the accounts.",
		"kpis":      "Key figures",
		"perDay":    "Interactions per day, by network",
		"perDayNo":  "No interactions in this period.",
		"sentiment": "Sentiment", "sentimentTrend": "Sentiment of interactions per day",
		"positive": "Positive", "neutral": "Neutral", "negative": "Negative",
		"sentimentNone": "No interaction was given a sentiment in this period.",
		"topPosts":      "Top posts by engagement", "topPostsNone": "No engagement figures yet for this period's posts.",
		"post": "Post", "network": "Network", "published": "Published",
		"likes": "Likes", "comments": "Comments", "shares": "Shares", "impressions": "Impressions",
		"moderation": "Moderation", "hidden": "Hidden", "deleted": "Deleted", "flagged": "Flagged for review", "replied": "Replied to",
		"examples": "Examples (masked)", "examplesNone": "No moderated comment to show.",
		"action_hide": "hidden", "action_review": "flagged", "action_allow": "allowed",
		"response": "Response time", "responses": "first responses", "median": "Median", "p90": "90% answered within",
		"responseNone": "No comment or message needed an answer in this period.",
		"crises":       "Crises", "crisesNone": "No crisis in this period.",
		"crisis":                   "%s negative out of %s interactions on %s, %s",
		relais.CountPostsPublished: "Posts published", relais.CountInteractions: "Interactions",
		KPIEngagement: "Engagement", relais.CountImpressions: "Impressions",
		relais.CountHidden: "Comments hidden", relais.CountReview: "Flagged for review",
		KPIResponseMedian: "Median response", relais.CountCrisisAlerts: "Crisis alerts",
	},
	"fr": {
		"title": "Rapport communauté", "period": "Période", "generated": "Généré le",
		"preparedBy": "Préparé par", "vsPrevious": "vs période précédente", "new": "nouveau", "same": "stable",
		"none":      "Aucune activité sur cette période : rien n’a été publié et personne n’a interagi avec les comptes.",
		"kpis":      "Chiffres clés",
		"perDay":    "Interactions par jour et par réseau",
		"perDayNo":  "Aucune interaction sur cette période.",
		"sentiment": "Tonalité", "sentimentTrend": "Tonalité des interactions par jour",
		"positive": "Positive", "neutral": "Neutre", "negative": "Négative",
		"sentimentNone": "Aucune interaction n’a reçu de tonalité sur cette période.",
		"topPosts":      "Publications les plus engageantes", "topPostsNone": "Pas encore de chiffres d’engagement pour les publications de la période.",
		"post": "Publication", "network": "Réseau", "published": "Publiée le",
		"likes": "J’aime", "comments": "Commentaires", "shares": "Partages", "impressions": "Impressions",
		"moderation": "Modération", "hidden": "Masqués", "deleted": "Supprimés", "flagged": "À relire", "replied": "Réponses",
		"examples": "Exemples (masqués)", "examplesNone": "Aucun commentaire modéré à montrer.",
		"action_hide": "masqué", "action_review": "à relire", "action_allow": "accepté",
		"response": "Temps de réponse", "responses": "premières réponses", "median": "Médiane", "p90": "90 % des réponses en moins de",
		"responseNone": "Aucun commentaire ni message n’attendait de réponse sur cette période.",
		"crises":       "Crises", "crisesNone": "Aucune crise sur cette période.",
		"crisis":                   "%s négatives sur %s interactions sur %s, %s",
		relais.CountPostsPublished: "Publications", relais.CountInteractions: "Interactions",
		KPIEngagement: "Engagement", relais.CountImpressions: "Impressions",
		relais.CountHidden: "Commentaires masqués", relais.CountReview: "À relire",
		KPIResponseMedian: "Réponse médiane", relais.CountCrisisAlerts: "Alertes de crise",
	},
}

func labelsFor(locale string) map[string]string {
	if l, ok := labels[locale]; ok {
		return l
	}
	return labels["en"]
}
