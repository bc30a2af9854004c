### Français : tous les mots des deux pages qui ne sont ni des chiffres ni des textes des données.
###
### Mêmes messages et mêmes arguments que catalogues/en.ftl, qui les documente. Typographie :
### espace fine insécable (U+202F) avant %, ; ! ?, espace insécable (U+00A0) avant :, écrites
### { "\u202F" } et { "\u00A0" } pour rester visibles ; les chiffres arrivent déjà écrits à la
### française (11 814), selon le CLDR.

## Calendrier

month-name = { $month ->
    [1] janvier
    [2] février
    [3] mars
    [4] avril
    [5] mai
    [6] juin
    [7] juillet
    [8] août
    [9] septembre
    [10] octobre
    [11] novembre
   *[12] décembre
}

# Abréviations du CLDR, sur les axes des graphiques.
month-short = { $month ->
    [1] janv.
    [2] févr.
    [3] mars
    [4] avr.
    [5] mai
    [6] juin
    [7] juil.
    [8] août
    [9] sept.
    [10] oct.
    [11] nov.
   *[12] déc.
}

period = { $month-name } { $year }
period-span = { $from }–{ $to }
date = { $day ->
    [1] 1er
   *[other] { $day }
} { $month-name } { $year }

## Nombres et listes

percent = { $value }{ "\u202F" }%
percent-below-one = moins de 1{ "\u202F" }%
list-pair = { $first } et { $second }
list-more = { $first }, { $rest }

## Document

document-title = { $operation } – { $title }, { $period }
document-subject = Chiffres clés régionaux au { $day } { $month-name } { $year }
document-keywords = mouvements mixtes, réfugiés, migrants, asile

## Page 1

kicker = Chiffres clés au niveau régional
headline-label = Estimation du nombre de personnes en mouvements mixtes dans la région au { $day } { $month-name }{ "\u00A0" }:
headline-qualifier = environ
change = { $direction ->
    [increase] hausse de { $change }
    [decrease] baisse de { $change }
   *[unchanged] stable
}
change-against = par rapport à { $range }

arrivals-summary =
    { $month ->
        [1] En janvier { $year }
       *[other] De janvier à { $month-name } { $year }
    }, { $rounded ->
        [yes] environ { $estimate }
       *[no] { $estimate }
    } réfugiés et migrants auraient transité par { $region } dans le cadre de mouvements mixtes{ $direction ->
        [increase] , soit une hausse de { $change } par rapport à la même période de l’année précédente.
        [decrease] , soit une baisse de { $change } par rapport à la même période de l’année précédente.
        [unchanged] , soit autant que pendant la même période de l’année précédente.
       *[none] .
    }

arrivals-chart-title = Nouvelles arrivées{ $mark }{ "\u00A0"}: { $range } et { $last-range }
arrivals-chart-alt =
    { $months ->
        [one] Diagramme en colonnes des nouvelles arrivées dans la région en { $range } et en { $last-range }{ "\u00A0" }:
       *[other] Diagramme en colonnes des nouvelles arrivées dans la région par mois, { $range } et { $last-range }. En { $year }, les arrivées ont été les plus nombreuses en { $high-month } et les moins nombreuses en { $low-month }{ "\u202F" };
    } { $total } arrivées de { $range }, { $direction ->
        [increase] soit { $change } de plus qu’à la même période de l’année précédente ({ $last-total }).
        [decrease] soit { $change } de moins qu’à la même période de l’année précédente ({ $last-total }).
        [unchanged] soit autant qu’à la même période de l’année précédente.
       *[none] sans comparaison possible avec { $last-range }, qui n’en compte aucune.
    }

arrivals-chart-alt-last-year = Il montre aussi chaque mois de { $last-year }, soit { $last-year-total } arrivées au total.

asylum-heading = Statistiques sur l’asile dans { $region } en { $year }{ "\u00A0" }:
asylum-intentions = Intentions de demander l’asile
asylum-applications = Nouvelles demandes d’asile
asylum-ratio = Ratio demandes/intentions
not-applicable = s.o.

map-title = Nouvelles arrivées par pays { $month ->
    [1] en janvier
   *[other] de janvier à { $month-name }
}
map-alt = Carte de la région, chaque pays teinté selon ses nouvelles arrivées { $month ->
    [1] en janvier
   *[other] de janvier à { $month-name }
}{ "\u00A0" }: { $list }.
map-alt-item = { $name } { $count }

## Page 2

present-heading = Réfugiés et migrants présents fin { $month-name }{ "\u00A0" }:
persons-present = personnes présentes
present-summary =
    { $rounded ->
        [yes] Environ { $total }
       *[no] { $total }
    } personnes étaient présentes dans { $region } fin { $period }{ $children ->
        [yes] , dont { $uasc } enfants non accompagnés ou séparés (ENAS).
       *[no] .
    }

# Sans article ni préposition devant les noms de pays, qui en demanderaient un chacun.
share-sentence = Répartition par pays{ "\u00A0" }: { $first }{ $rest ->
        [none] .
       *[some] , puis { $followers }.
    }
share-all = Toutes se trouvaient dans un seul pays{ "\u00A0" }: { $place }.
# « pour chaque pays » plutôt que « chacun », qui s’accorderait avec le nom de chaque pays.
share-group = { $names } ({ $share }{ $places ->
        [one] {""}
       *[other] {" "}pour chaque pays
    })

breakdown-heading = Répartition régionale{ "\u00A0" }:
present-chart-title = Réfugiés et migrants présents à la fin de chaque mois{ "\u00A0" }:
present-series = Personnes présentes
present-chart-alt = { $months ->
    [one] Diagramme en colonnes des réfugiés et migrants présents fin { $period }{ "\u00A0" }: { $total }.
   *[other] Diagramme en colonnes des réfugiés et migrants présents à la fin de chaque mois, { $span }. Leur nombre a été le plus élevé fin { $high-month } et le plus bas fin { $low-month }{ "\u202F" }; { $total } personnes étaient présentes fin { $period }.
}
nationalities-heading = Principales nationalités des réfugiés et migrants présents fin { $month-name } dans { $region }{ "\u00A0" }:
other-nationalities = Autres nationalités
uasc-label = Enfants non accompagnés ou séparés présents à la fin de la période considérée{ "\u00A0" }:
note-label = Note{ "\u00A0" }:
source-label = Source{ "\u00A0" }:
contact-label = Contact{ "\u00A0" }:
published = Publié le { $date }

## Légende de la carte

legend-below = Moins de { $value }
legend-range = { $from }–{ $to }
legend-above = { $value } ou plus
legend-all = Tous les chiffres

## Le courriel de synthèse et sa carte des chiffres clés

card-uasc = enfants non accompagnés ou séparés
card-alt = { $operation }{ "\u00A0" }: chiffres clés, { $period }. Les mêmes chiffres suivent sous forme de texte.
email-subject = { $operation }{ "\u00A0" }: chiffres clés, { $period }
email-figure = { $label }{ "\u00A0" }: { $value }
email-attached = La fiche complète, avec ses notes et ses sources, est jointe{ "\u00A0" }: { $file }.
