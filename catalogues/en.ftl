### English: every word the two pages print that is not a figure or a text of the data.
###
### Project Fluent syntax (https://projectfluent.org/fluent/guide/). Figures arrive as
### arguments already written for the language (`$estimate` is "11,814"); `$month` and `$day`
### are numbers, for selecting variants; `$rounded`, `$direction` and the like are words to
### select on. An operation's own catalogue may override any message here: `factsheet check`
### says when an override uses an argument its message does not have, or misses one it needs.

## Calendar

month-name = { $month ->
    [1] January
    [2] February
    [3] March
    [4] April
    [5] May
    [6] June
    [7] July
    [8] August
    [9] September
    [10] October
    [11] November
   *[12] December
}

# On chart axes.
month-short = { $month ->
    [1] Jan
    [2] Feb
    [3] Mar
    [4] Apr
    [5] May
    [6] Jun
    [7] Jul
    [8] Aug
    [9] Sep
    [10] Oct
    [11] Nov
   *[12] Dec
}

# A month of a year: "December 2025".
period = { $month-name } { $year }

# From one month to another: "January–December 2025", "April 2025–March 2026", with an en dash.
# `$from` is a month name alone when both months are of the same year.
period-span = { $from }–{ $to }

# A calendar date: "20 January 2026".
date = { $day } { $month-name } { $year }

## Numbers and lists

percent = { $value }%
percent-below-one = less than 1%
# The last two of a list: "Albania and Montenegro".
list-pair = { $first } and { $second }
# An item before the rest of a list: "Serbia, Kosovo and Albania".
list-more = { $first }, { $rest }

## Document

document-title = { $operation }: { $title } - { $period }
document-subject = Key figures at regional level as of { $day } { $month-name } { $year }
# Keywords besides the operation and the period, separated by commas.
document-keywords = mixed movements, refugees, migrants, asylum

## Page 1

kicker = Key figures at regional level
headline-label = Estimation of persons of concern in mixed movements in the region as of { $day } { $month-name }:
# Before a rounded estimate.
headline-qualifier = some
change = { $direction ->
    [increase] { $change } increase
    [decrease] { $change } decrease
   *[unchanged] no change
}
change-against = compared to { $range }

# `$direction` is increase, decrease, unchanged, or none when last year's figure is zero;
# `$rounded` is yes or no.
arrivals-summary =
    { $month ->
        [1] In January { $year }
       *[other] Between January and { $month-name } { $year }
    }, { $rounded ->
        [yes] some { $estimate }
       *[no] { $estimate }
    } refugees and migrants were estimated to have transited through { $region } as part of mixed movements{ $direction ->
        [increase] , reflecting a { $change } increase compared to the same period last year.
        [decrease] , reflecting a { $change } decrease compared to the same period last year.
        [unchanged] , the same number as in the same period last year.
       *[none] .
    }

# `$last-range`: the months of last year the chart shows, the same as this year's, or the whole
# year beside a short period.
arrivals-chart-title = New arrivals{ $mark }: { $range } vs. { $last-range }
# The charts' alternative texts: `$months` is how many months the chart has; `$high` and
# `$low` the months with the most and the fewest, as on the axis, `$high-month` and
# `$low-month` the same months' full names.
arrivals-chart-alt =
    { $months ->
        [one] Column chart of regional new arrivals in { $range } against { $last-range }:
       *[other] Column chart of regional new arrivals per month, { $range } against { $last-range }. In { $year }, arrivals were highest in { $high } and lowest in { $low };
    } the { $range } total of { $total } is { $direction ->
        [increase] { $change } more than the { $last-total } of { $last-range }.
        [decrease] { $change } less than the { $last-total } of { $last-range }.
        [unchanged] the same as the { $last-total } of { $last-range }.
       *[none] not compared with { $last-range }, which had none.
    }

arrivals-chart-alt-last-year = It also shows each month of { $last-year }, { $last-year-total } arrivals in all.

asylum-heading = Asylum statistics in { $region } in { $year }:
asylum-intentions = Intentions to seek asylum
asylum-applications = New asylum applications
asylum-ratio = Application vs. Intention
# Where a ratio has nothing to compare with.
not-applicable = n/a

map-title = New arrivals to each country { $month ->
    [1] in January
   *[other] between January and { $month-name }
}
map-alt = Map of the region shading each country by its new arrivals { $month ->
    [1] in January
   *[other] between January and { $month-name }
}: { $list }.
map-alt-item = { $name } { $count }

## Page 2

present-heading = Refugees and migrants present at the end of { $month-name }:
persons-present = persons present
# `$children` is yes when there are unaccompanied and separated children to name.
present-summary =
    { $rounded ->
        [yes] Some { $total }
       *[no] { $total }
    } persons were present in { $region } as of end { $period }{ $children ->
        [yes] , including { $uasc } unaccompanied and separated children (UASC).
       *[no] .
    }

# The countries with the largest share: "Of these, 49% were present in Bosnia and
# Herzegovina, followed by …". `$places` is how many countries share the first place,
# `$place` their names, `$first` all of it as a `share-group`; `$rest` is none when no other
# country follows, else `$followers` lists them.
share-sentence = Of these, { $share }{ $places ->
        [one] {""}
       *[other] {" "}each
    } were present in { $place }{ $rest ->
        [none] .
       *[some] , followed by { $followers }.
    }
# A single country holds everyone.
share-all = All of these were present in { $place }.
# "Serbia (25%)", "Albania and Montenegro (7% each)".
share-group = { $names } ({ $share }{ $places ->
        [one] {""}
       *[other] {" "}each
    })

breakdown-heading = Regional breakdown:
present-chart-title = Refugees and migrants present at the end of each month:
present-series = Persons present
present-chart-alt = { $months ->
    [one] Column chart of refugees and migrants present at the end of { $period }: { $total }.
   *[other] Column chart of refugees and migrants present at the end of each month, { $span }. The number was highest at the end of { $high } and lowest at the end of { $low }; { $total } were present at the end of { $period }.
}
nationalities-heading = Most common nationalities of Refugees and migrants present at the end of { $month-name } in { $region } region:
other-nationalities = Other nationalities
uasc-label = Number of unaccompanied or separated children present at end of the reporting period:
note-label = Note:
source-label = Source:
contact-label = Contact:
published = Published { $date }

## Map legend

legend-below = Less than { $value }
legend-range = { $from }–{ $to }
legend-above = { $value } or more
# When every country has none.
legend-all = All figures

## The email briefing and its key-figures card

# The card's label for the children among the persons present.
card-uasc = unaccompanied and separated children
# The card's alternative text, for readers who do not see the picture: its figures follow as text.
card-alt = { $operation }: key figures, { $period }. The same figures follow as text.
# The briefing's subject: "Western Balkans: key figures, December 2025".
email-subject = { $operation }: key figures, { $period }
# A key figure in the briefing's text: "Intentions to seek asylum: 14,088".
email-figure = { $label }: { $value }
# Under the figures: the factsheet attached, by its file name.
email-attached = The full factsheet, with its notes and sources, is attached: { $file }.
